import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, consentEvents, contacts, dataRequests, suppressions } from '../../src/db/schema';
import type { MailTransport } from '../../src/mail/transport';
import {
  createContact,
  createTestEnv,
  createTopic,
  SUPPRESSION_KEY,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';
import { emailHash } from '../support/hashes';

let env: TestEnv;
let topic: string;
beforeAll(async () => {
  env = await createTestEnv({ env: { BRAND_NAME: 'Voorbeeld BV', REQUEST_HOLIDAYS: '2026-12-25' } });
  env.clock.set('2026-12-10T09:00:00Z');
  topic = await createTopic(env);
});
afterAll(() => env.close());

interface RequestBody {
  id: string;
  type: string;
  status: string;
  email: string | null;
  due_at: string;
  overdue: boolean;
  note: string | null;
  outcome: string | null;
  completed_at: string | null;
  completed_by: { type: string; id: string | null } | null;
  confirmation_sent: boolean | null;
}

async function record(body: Record<string, unknown>): Promise<RequestBody> {
  const res = await env.api('POST', '/v1/requests', { channel: 'phone', ...body });
  expect(res.status).toBe(201);
  return (await res.json()) as RequestBody;
}

async function complete(id: string, body?: unknown): Promise<Response> {
  return env.api('POST', `/v1/requests/${id}/complete`, body);
}

const mailsTo = (email: string) => env.outbox.sent.filter((m) => m.to === email);

describe('recording a data request', () => {
  it('answers its id and due date: received Friday 2026-12-04, due 2026-12-11', async () => {
    const email = uniqueEmail('asks');
    const r = await record({ email, type: 'access', channel: 'letter', received_at: '2026-12-04T10:30:00Z' });
    expect(r).toMatchObject({ type: 'access', status: 'open', email, due_at: '2026-12-11', overdue: false });
    expect(r.id).toMatch(/^dr_/);
    const [audit] = await env.deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, r.id));
    expect(audit).toMatchObject({ action: 'request.created', actorType: 'api_key', subjectType: 'request' });
    expect(JSON.stringify(audit.details)).not.toContain(email);
  });

  it('lists the open requests by due date and marks the overdue ones', async () => {
    const late = await record({
      email: uniqueEmail(),
      type: 'objection',
      received_at: '2026-11-20T08:00:00Z',
    });
    const soon = await record({ email: uniqueEmail(), type: 'erasure', received_at: '2026-12-09T08:00:00Z' });
    const res = await env.api('GET', '/v1/requests?status=open');
    expect(res.status).toBe(200);
    const { requests } = (await res.json()) as { requests: RequestBody[] };
    const ids = requests.map((r) => r.id);
    expect(ids.indexOf(late.id)).toBeLessThan(ids.indexOf(soon.id));
    expect(requests.find((r) => r.id === late.id)).toMatchObject({ due_at: '2026-11-27', overdue: true });
    expect(requests.find((r) => r.id === soon.id)).toMatchObject({ due_at: '2026-12-16', overdue: false });
    expect(requests.every((r) => r.status === 'open')).toBe(true);
  });

  it('counts a configured holiday out of the answer period', async () => {
    env.clock.set('2026-12-21T09:00:00Z');
    try {
      const r = await record({ email: uniqueEmail(), type: 'access', received_at: '2026-12-21T08:00:00Z' });
      expect(r.due_at).toBe('2026-12-29');
    } finally {
      env.clock.set('2026-12-10T09:00:00Z');
    }
  });

  it('refuses a request from the future, an unknown type and a bad address with 400', async () => {
    for (const body of [
      { email: uniqueEmail(), type: 'access', received_at: '2027-01-01T00:00:00Z' },
      { email: uniqueEmail(), type: 'deletion', received_at: '2026-12-01T00:00:00Z' },
      { email: 'not-an-address', type: 'access', received_at: '2026-12-01T00:00:00Z' },
      { email: uniqueEmail(), type: 'access', received_at: 'yesterday' },
    ]) {
      const res = await env.api('POST', '/v1/requests', { channel: 'email', ...body });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    }
  });
});

describe('completing a data request', () => {
  it('answers an access request with the data document, in the contact language', async () => {
    const { email, id } = await createContact(env, {
      locale: 'nl',
      subscriptions: { [topic]: 'subscribed' },
    });
    const r = await record({ email, type: 'access', received_at: '2026-12-08T10:00:00Z' });
    const res = await complete(r.id);
    expect(res.status).toBe(200);
    const done = (await res.json()) as RequestBody;
    expect(done).toMatchObject({
      status: 'completed',
      email: null,
      outcome: 'exported',
      confirmation_sent: true,
      completed_by: { type: 'api_key', id: 'env:ADMIN_API_KEY' },
    });
    expect(done.completed_at).toBe('2026-12-10T09:00:00.000Z');
    const [mail] = mailsTo(email);
    expect(mail.subject).toBe('Uw verzoek over uw persoonsgegevens is afgehandeld');
    expect(mail.text).toContain('Op 2026-12-08 vroeg u ons om een kopie');
    const attachment = mail.attachments?.[0];
    expect(attachment?.filename).toBe('my-data.json');
    const doc = JSON.parse(new TextDecoder().decode(attachment?.content));
    expect(doc.contact).toMatchObject({ id, email });
    expect(doc.subscriptions[0]).toMatchObject({ topic, status: 'subscribed' });
    // The register keeps the keyed hash, not the address.
    const [row] = await env.deps.db.select().from(dataRequests).where(eq(dataRequests.id, r.id));
    expect(row.email).toBeNull();
    expect(row.emailHash).toBe(emailHash(SUPPRESSION_KEY, email));
  });

  it('erases the contact for an erasure request, keeps it suppressed and forgets the note', async () => {
    const { email, id } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const r = await record({
      email,
      type: 'erasure',
      note: 'Jan de Vries phoned',
      received_at: '2026-12-09T10:00:00Z',
    });
    const res = await complete(r.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'erased', note: null, email: null });
    expect(await env.deps.db.select().from(contacts).where(eq(contacts.id, id))).toEqual([]);
    const listed = await env.deps.db
      .select()
      .from(suppressions)
      .where(eq(suppressions.emailHash, emailHash(SUPPRESSION_KEY, email)));
    expect(listed.map((s) => s.reason)).toEqual(['erased']);
    expect(listed[0].source).toBe(`request:${r.id}`);
    const mails = mailsTo(email);
    expect(mails.map((m) => m.kind)).toEqual(['request-completed']);
    expect(mails[0].text).toContain('We have deleted your details');
    const presend = await env.api('POST', '/v1/presend', { topic, email });
    expect(await presend.json()).toMatchObject({ send: false, reason: 'erased' });
  });

  it('opts the contact out of everything for an objection, with the request in the trail', async () => {
    const { email, id } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const r = await record({
      email,
      type: 'objection',
      channel: 'letter',
      received_at: '2026-12-09T10:00:00Z',
    });
    expect((await complete(r.id, { note: 'Letter filed' })).status).toBe(200);
    const [contact] = await env.deps.db.select().from(contacts).where(eq(contacts.id, id));
    expect(contact.unsubscribedAllAt).not.toBeNull();
    const trail = await env.deps.db.select().from(consentEvents).where(eq(consentEvents.contactId, id));
    expect(trail.at(-1)).toMatchObject({ action: 'unsubscribe_all', source: 'request-letter' });
    expect(trail.at(-1)?.note).toContain(r.id);
    expect(mailsTo(email)[0].text).toContain('no longer receives any of our mailings');
    const [row] = await env.deps.db.select().from(dataRequests).where(eq(dataRequests.id, r.id));
    expect(row.note).toBe('Letter filed');
  });

  it('tells an unknown address that nothing is held, and still never mails it after an erasure request', async () => {
    const email = uniqueEmail('stranger');
    const r = await record({ email, type: 'erasure', received_at: '2026-12-09T10:00:00Z' });
    expect(await (await complete(r.id)).json()).toMatchObject({ outcome: 'nothing_held' });
    expect(mailsTo(email)[0].text).toContain('We hold no personal data about this email address');
    const presend = await env.api('POST', '/v1/presend', { topic, email });
    expect(await presend.json()).toMatchObject({ send: false, reason: 'erased' });
  });

  it('answers 409 for a request completed already and 404 for an unknown one', async () => {
    const r = await record({
      email: uniqueEmail(),
      type: 'rectification',
      received_at: '2026-12-09T10:00:00Z',
    });
    expect(await (await complete(r.id)).json()).toMatchObject({ outcome: 'rectified' });
    const again = await complete(r.id);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('conflict');
    expect((await complete('dr_nothing')).status).toBe(404);
  });

  it('does nothing when the confirmation cannot be sent, and completes on the next try', async () => {
    let failing = true;
    const flaky: MailTransport = {
      async send(mail) {
        if (failing) throw new Error('mail service down');
        return env.outbox.send(mail);
      },
    };
    const local = await createTestEnv({ mailer: flaky, clock: env.clock });
    try {
      await createTopic(local, { key: topic });
      const { email, id } = await createContact(local, { subscriptions: { [topic]: 'subscribed' } });
      const res = await local.api('POST', '/v1/requests', {
        email,
        type: 'erasure',
        channel: 'email',
        received_at: '2026-12-09T10:00:00Z',
      });
      const r = (await res.json()) as RequestBody;
      const refused = await local.api('POST', `/v1/requests/${r.id}/complete`);
      expect(refused.status).toBe(503);
      expect(await local.deps.db.select().from(contacts).where(eq(contacts.id, id))).toHaveLength(1);
      const open = await local.api('GET', '/v1/requests?status=open');
      expect(((await open.json()) as { requests: RequestBody[] }).requests.map((x) => x.id)).toContain(r.id);
      failing = false;
      expect((await local.api('POST', `/v1/requests/${r.id}/complete`)).status).toBe(200);
      expect(await local.deps.db.select().from(contacts).where(eq(contacts.id, id))).toEqual([]);
    } finally {
      local.close();
    }
  });
});
