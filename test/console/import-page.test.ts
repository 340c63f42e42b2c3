import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema';
import { csrfOf, SAME_ORIGIN, type SignedIn, signedIn } from '../support/console';
import { createContact, createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';

let env: TestEnv;
let staff: SignedIn;
let topic: string;
beforeAll(async () => {
  env = await createTestEnv();
  topic = await createTopic(env);
  staff = await signedIn(env, 'staff');
});
afterAll(() => env.close());

const page = async (path: string) => {
  const res = await env.app.request(path, { headers: { cookie: staff.cookie } });
  return { res, html: await res.text() };
};

async function upload(csv: string, fields: Record<string, string>) {
  const form = await page('/admin/import');
  const body = new FormData();
  body.set('csrf', csrfOf(form.html));
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  body.set('file', new File([csv], 'crm.csv', { type: 'text/csv' }));
  return env.app.request('/admin/import', {
    method: 'POST',
    headers: { cookie: staff.cookie, ...SAME_ORIGIN },
    body,
  });
}

describe('the import page', () => {
  it('imports an uploaded CSV by the CLI rules, shows the summary and offers the rejected rows', async () => {
    const optedOut = await createContact(env, { subscriptions: { [topic]: 'unsubscribed' } });
    const fresh = uniqueEmail('fresh');
    const started = await upload(`email,locale\n${fresh},nl\n${optedOut.email},\nnot-an-address,\n`, {
      topic,
      basis: '',
      source: 'CRM export',
    });
    expect(started.status).toBe(200);
    const location = (await started.text()).match(/href="(\/admin\/import\/imp_[\w-]+)"/)![1];
    await env.deferred.settled();
    const done = await page(location);
    expect(done.html).toContain('Done: 3 rows.');
    expect(done.html).toContain('<dt>Subscribed</dt><dd>1</dd>');
    expect(done.html).toContain('<dt>Rejected</dt><dd>2</dd>');
    const rejects = await page(`${location}/rejects.csv`);
    expect(rejects.res.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(rejects.html).toBe(
      `line,email,reason\n3,${optedOut.email},opted_out\n4,not-an-address,invalid_email\n`,
    );
    const contact = await env.api('GET', `/v1/contacts/${encodeURIComponent(fresh)}`);
    expect(await contact.json()).toMatchObject({ locale: 'nl', subscriptions: { [topic]: 'subscribed' } });
    const audit = await env.deps.db.select().from(auditEvents);
    expect(audit.at(-1)).toMatchObject({ action: 'contacts.imported', actorType: 'user', subjectId: topic });
  });

  it('shows why an import stopped: a consent topic cannot be filled under legitimate interest', async () => {
    const started = await upload(`email\n${uniqueEmail()}\n`, {
      topic,
      basis: 'legitimate_interest',
      source: 'CRM',
    });
    await env.deferred.settled();
    const location = (await started.text()).match(/href="(\/admin\/import\/imp_[\w-]+)"/)![1];
    const done = await page(location);
    expect(done.html).toMatch(/The import stopped: [^<]*legitimate/);
  });

  it('refuses an unknown topic before starting, and a form without its token', async () => {
    expect((await upload('email\nx@example.nl\n', { topic: 'no-such-topic', source: 'CRM' })).status).toBe(
      404,
    );
    const body = new FormData();
    body.set('topic', topic);
    body.set('source', 'CRM');
    body.set('file', new File(['email\n'], 'a.csv'));
    const res = await env.app.request('/admin/import', {
      method: 'POST',
      headers: { cookie: staff.cookie, ...SAME_ORIGIN },
      body,
    });
    expect(res.status).toBe(403);
  });
});
