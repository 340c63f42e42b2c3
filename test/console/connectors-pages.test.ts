import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema';
import { type BrevoStandIn, startBrevoStandIn } from '../support/brevo-stand-in';
import { csrfOf, postForm, type SignedIn, signedIn } from '../support/console';
import { createTestEnv, type TestEnv } from '../support/harness';

let env: TestEnv;
let admin: SignedIn;
let staff: SignedIn;
let brevo: BrevoStandIn;
let connectorId: string;
const topic = 'cnews';
const optedOutThere = 'left-in-brevo@example.nl';

beforeAll(async () => {
  env = await createTestEnv({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
  admin = await signedIn(env, 'admin');
  staff = await signedIn(env, 'staff');
  brevo = await startBrevoStandIn();
  await env.api('PUT', `/v1/topics/${topic}`, { name: { en: 'News' }, basis: 'consent' });
  await env.api('POST', '/v1/contacts', {
    email: optedOutThere,
    subscriptions: { [topic]: 'subscribed' },
    consent: { source: 'website', text: 'Yes, send me news' },
  });
  brevo.add({ email: optedOutThere, listUnsubscribed: [7] });
  const made = await env.api('POST', '/v1/connectors', {
    type: 'brevo',
    name: 'Brevo main account',
    credentials: { api_key: brevo.apiKey },
    api_base: brevo.apiBase,
    settings: { topics: { [topic]: { list_id: 7 } } },
  });
  expect(made.status).toBe(201);
  connectorId = ((await made.json()) as { id: string }).id;
});
afterAll(async () => {
  await brevo?.close();
  await env?.close();
});

const page = async (path: string, who: SignedIn = admin) => {
  const res = await env.app.request(path, { headers: { cookie: who.cookie } });
  return { res, html: await res.text() };
};
const presendFor = async (email: string) =>
  (await (await env.api('POST', '/v1/presend', { topic, email })).json()) as { send: boolean };

describe('the connectors pages', () => {
  it('list the connectors with their state, for admins only', async () => {
    const list = await page('/admin/connectors');
    expect(list.res.status).toBe(200);
    expect(list.html).toContain('Brevo main account (brevo)');
    expect(list.html).toContain(`href="/admin/connectors/${connectorId}"`);
    expect(list.html).not.toContain(brevo.apiKey);
    expect((await page('/admin/connectors', staff)).res.status).toBe(403);
  });

  it('compare without changing anything, then apply only the opt-out, and audit both', async () => {
    const one = await page(`/admin/connectors/${connectorId}`);
    expect(one.res.status).toBe(200);
    const dry = await postForm(
      env,
      `/admin/connectors/${connectorId}/sync`,
      { csrf: csrfOf(one.html) },
      { cookie: admin.cookie },
    );
    expect(dry.status).toBe(200);
    const dryHtml = await dry.text();
    expect(dryHtml).toContain('Differences (nothing changed)');
    expect(dryHtml).toContain(optedOutThere);
    expect(dryHtml).toContain('Opted out there, not here: 1.');
    expect((await presendFor(optedOutThere)).send).toBe(true);

    const applied = await postForm(
      env,
      `/admin/connectors/${connectorId}/sync`,
      { csrf: csrfOf(dryHtml), apply: '1' },
      { cookie: admin.cookie },
    );
    expect(applied.status).toBe(200);
    const appliedHtml = await applied.text();
    expect(appliedHtml).toContain('Differences (opt-outs applied)');
    expect(appliedHtml).not.toContain(brevo.apiKey);
    expect((await presendFor(optedOutThere)).send).toBe(false);

    const audit = await env.deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, connectorId));
    expect(audit.map((a) => a.action)).toEqual(['connector.compared', 'connector.synced']);
  });

  it('refuse a sync form without this session’s token', async () => {
    const res = await postForm(
      env,
      `/admin/connectors/${connectorId}/sync`,
      { apply: '1' },
      { cookie: admin.cookie },
    );
    expect(res.status).toBe(403);
  });
});
