// Every change that writes a consent-trail entry or a suppression also records its event, in
// the same transaction; a repeat that changes nothing records nothing.
import { createHmac, randomBytes } from 'node:crypto';
import { asc, gt } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createImportWriter } from '../../src/db/import-writer';
import { outboxEvents } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { DAY_MS } from '../../src/domain/clock';
import { readCsv } from '../../src/domain/csv';
import { importContacts } from '../../src/domain/import';
import { runRetentionJob } from '../../src/jobs/retention';
import { confirmPath, mailsTo, postJson } from '../subscribe/support';
import { createEventsEnv, type EventsEnv } from '../support/events';
import { createContact, createTopic, uniqueEmail } from '../support/harness';

const RESEND_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
let env: EventsEnv;
let seen = 0;

beforeAll(async () => {
  // No dispatcher: these tests read what was recorded, not what was sent.
  env = await createEventsEnv({ dispatch: false, env: { RESEND_WEBHOOK_SECRET: RESEND_SECRET } });
  await env.register('http://127.0.0.1:9/hook');
});
afterAll(() => env.close());

/** The events recorded since the last call, as { type, data } with occurred_at left out. */
async function recorded() {
  const rows = await env.deps.db
    .select()
    .from(outboxEvents)
    .where(gt(outboxEvents.id, seen))
    .orderBy(asc(outboxEvents.id));
  if (rows.length) seen = rows[rows.length - 1].id;
  return rows.map((r) => {
    const { occurred_at, ...data } = (r.payload as { data: Record<string, unknown> }).data;
    expect(occurred_at).toEqual(expect.any(String));
    return { type: r.type, data };
  });
}

beforeEach(async () => {
  await recorded();
});

describe('changes record their events', () => {
  it('an upsert with subscriptions: contact.subscribed per topic, and nothing for a repeat', async () => {
    const news = await createTopic(env);
    const email = uniqueEmail();
    await recorded();
    const { id } = await createContact(env, { email, subscriptions: { [news]: 'subscribed' } });
    expect(await recorded()).toEqual([
      { type: 'contact.subscribed', data: { contact_id: id, email, topic: news, source: 'test-factory' } },
    ]);
    await createContact(env, { email, subscriptions: { [news]: 'subscribed' } });
    expect(await recorded()).toEqual([]);
  });

  it('staff unsubscribes: one topic, then everything (topic null)', async () => {
    const news = await createTopic(env);
    const email = uniqueEmail();
    const { id } = await createContact(env, { email, subscriptions: { [news]: 'subscribed' } });
    await recorded();
    const path = `/v1/contacts/${encodeURIComponent(email)}/unsubscribe`;
    expect((await env.api('POST', path, { topic: news, source: 'phone' })).status).toBe(200);
    expect((await env.api('POST', path, { topic: news, source: 'phone' })).status).toBe(200);
    expect((await env.api('POST', path, { all: true, source: 'phone' })).status).toBe(200);
    expect(await recorded()).toEqual([
      { type: 'contact.unsubscribed', data: { contact_id: id, email, topic: news, source: 'phone' } },
      { type: 'contact.unsubscribed', data: { contact_id: id, email, topic: null, source: 'phone' } },
    ]);
  });

  it('a double opt-in: contact.pending when mailed, contact.confirmed on the click', async () => {
    const news = await createTopic(env);
    const email = uniqueEmail('doi');
    await recorded();
    expect((await postJson(env, { email, topics: [news], source: 'footer' })).status).toBe(202);
    const [pending] = await recorded();
    expect(pending).toMatchObject({
      type: 'contact.pending',
      data: { email, topic: news, source: 'footer' },
    });
    await env.app.request(confirmPath(mailsTo(env, email)[0]), { method: 'POST' });
    await env.app.request(confirmPath(mailsTo(env, email)[0]), { method: 'POST' });
    expect(await recorded()).toEqual([
      {
        type: 'contact.confirmed',
        data: { contact_id: pending.data.contact_id, email, topic: news, source: 'double-opt-in' },
      },
    ]);
  });

  it('a one-click unsubscribe carries the link campaign', async () => {
    const news = await createTopic(env);
    const email = uniqueEmail();
    const { id } = await createContact(env, { email, subscriptions: { [news]: 'subscribed' } });
    const links = (await (
      await env.api('POST', '/v1/links', { email, topic: news, campaign: '2026-03' })
    ).json()) as {
      unsubscribe_url: string;
    };
    await recorded();
    const oneClick = () =>
      env.app.request(new URL(links.unsubscribe_url).pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
    expect((await oneClick()).status).toBe(200);
    expect((await oneClick()).status).toBe(200);
    expect(await recorded()).toEqual([
      {
        type: 'contact.unsubscribed',
        data: { contact_id: id, email, topic: news, source: 'one-click', campaign: '2026-03' },
      },
    ]);
  });

  it('a bounce reported by Resend: contact.suppressed with its reason, once', async () => {
    const email = uniqueEmail('bounce');
    const { id } = await createContact(env, { email });
    const unknown = uniqueEmail('stranger');
    await recorded();
    const send = (eventId: string, to: string[]) => {
      const body = JSON.stringify({
        type: 'email.bounced',
        data: { email_id: 'm1', to, bounce: { type: 'Permanent' } },
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const key = Buffer.from(RESEND_SECRET.slice('whsec_'.length), 'base64');
      const signature = createHmac('sha256', key).update(`${eventId}.${timestamp}.${body}`).digest('base64');
      return env.app.request('/webhooks/resend', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'svix-id': eventId,
          'svix-timestamp': timestamp,
          'svix-signature': `v1,${signature}`,
        },
        body,
      });
    };
    expect((await send('evt_1', [email, unknown])).status).toBe(200);
    expect((await send('evt_2', [email])).status).toBe(200);
    expect(await recorded()).toEqual([
      {
        type: 'contact.suppressed',
        data: { contact_id: id, email, topic: null, reason: 'bounced', source: 'resend-webhook' },
      },
      {
        type: 'contact.suppressed',
        data: { contact_id: null, email: unknown, topic: null, reason: 'bounced', source: 'resend-webhook' },
      },
    ]);
  });

  it('an erasure: contact.erased with the address, and an unknown address suppressed on request', async () => {
    const email = uniqueEmail('erase');
    const { id } = await createContact(env, { email });
    await recorded();
    expect((await env.api('DELETE', `/v1/contacts/${encodeURIComponent(email)}?notify=false`)).status).toBe(
      200,
    );
    const stranger = uniqueEmail('never-known');
    expect(
      (await env.api('DELETE', `/v1/contacts/${encodeURIComponent(stranger)}?suppress=true`)).status,
    ).toBe(200);
    expect(
      (await env.api('DELETE', `/v1/contacts/${encodeURIComponent(stranger)}?suppress=true`)).status,
    ).toBe(200);
    expect(await recorded()).toEqual([
      {
        type: 'contact.erased',
        data: { contact_id: id, email, topic: null, source: 'api:env:ADMIN_API_KEY' },
      },
      {
        type: 'contact.erased',
        data: { contact_id: null, email: stranger, topic: null, source: 'api:env:ADMIN_API_KEY' },
      },
    ]);
  });

  it('topics: created, changed (with the basis it had), and nothing for an identical write', async () => {
    const key = await createTopic(env, { basis: 'consent' });
    const put = (basis: string) =>
      env.api('PUT', `/v1/topics/${key}`, {
        name: { en: `Topic ${key}`, nl: `Onderwerp ${key}` },
        description: { en: `About ${key}`, nl: `Over ${key}` },
        basis,
        // The new main refuses a basis change unless confirmed.
        ...(basis === 'consent' ? {} : { confirm_basis_change: true }),
      });
    await put('consent');
    await put('legitimate_interest');
    const name = { en: `Topic ${key}`, nl: `Onderwerp ${key}` };
    const common = { topic: key, name, archived: false, source: 'api' };
    expect(await recorded()).toEqual([
      { type: 'topic.updated', data: { ...common, basis: 'consent', previous_basis: null, created: true } },
      {
        type: 'topic.updated',
        data: { ...common, basis: 'legitimate_interest', previous_basis: 'consent', created: false },
      },
    ]);
  });

  it('an import: contact.subscribed for each address it subscribed', async () => {
    const topic = await createTopic(env);
    const a = uniqueEmail('imp-a');
    const b = uniqueEmail('imp-b');
    await recorded();
    await importContacts(
      { ...domainContext(env.deps), writer: createImportWriter(env.deps.db) },
      readCsv([`email\n${a}\n${b}\n${a}\n`]),
      { topic, source: 'CRM', batchSize: 2 },
    );
    const events = await recorded();
    expect(events.map((e) => [e.type, e.data.email, e.data.topic, e.data.source]).sort()).toEqual(
      [
        ['contact.subscribed', a, topic, 'import:CRM'],
        ['contact.subscribed', b, topic, 'import:CRM'],
      ].sort(),
    );
  });

  it('the retention job: contact.erased (source retention) for each contact it deletes', async () => {
    const topic = await createTopic(env);
    const email = uniqueEmail('stale');
    await postJson(env, { email, topics: [topic], source: 'footer' });
    await recorded();
    env.clock.advance(31 * DAY_MS);
    try {
      await runRetentionJob(env.deps);
    } finally {
      env.clock.advance(-31 * DAY_MS);
    }
    const events = await recorded();
    expect(events).toContainEqual({
      type: 'contact.erased',
      data: { contact_id: expect.any(String), email, topic: null, source: 'retention' },
    });
  });
});
