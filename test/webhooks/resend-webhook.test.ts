// Resend's signed delivery events, signed here the way Resend documents it (Standard
// Webhooks: HMAC-SHA256 over `id.timestamp.body` with the base64 whsec_ secret).
import { createHmac, randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { suppressions } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { suppressionReasons } from '../../src/domain/suppressions';
import type { RunningServer } from '../../src/node/serve';
import {
  createContact,
  createTestEnv,
  createTopic,
  SUPPRESSION_KEY,
  startTestServer,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';
import { emailHash } from '../support/hashes';

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;

let env: TestEnv;
let server: RunningServer;
let news: string;
beforeAll(async () => {
  env = await createTestEnv({ env: { RESEND_WEBHOOK_SECRET: SECRET } });
  server = await startTestServer(env);
  news = await createTopic(env);
});
afterAll(async () => {
  await server.close();
  env.close();
});

let eventCounter = 0;
function signed(
  event: unknown,
  opts: { id?: string; secret?: string; at?: number } = {},
): { headers: Record<string, string>; body: string } {
  const id = opts.id ?? `msg_${Date.now()}_${++eventCounter}`;
  const timestamp = String(Math.floor((opts.at ?? Date.now()) / 1000));
  const body = JSON.stringify(event);
  const key = Buffer.from((opts.secret ?? SECRET).slice('whsec_'.length), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': timestamp,
      'svix-signature': `v1,${signature}`,
    },
  };
}

function post(req: { headers: Record<string, string>; body: string }) {
  return fetch(`${server.url}/webhooks/resend`, { method: 'POST', headers: req.headers, body: req.body });
}

const bounced = (to: string, type = 'Permanent') => ({
  type: 'email.bounced',
  created_at: new Date().toISOString(),
  data: {
    email_id: 'a1b2c3d4-0000-4000-8000-000000000001',
    from: 'Acme <news@acme.example>',
    to: [to],
    subject: 'News',
    created_at: new Date().toISOString(),
    bounce: { message: 'The recipient does not exist', subType: 'General', type },
  },
});

async function suppressionRows() {
  const [row] = await env.deps.db.select({ n: count() }).from(suppressions);
  return row.n;
}

describe('Resend webhooks', () => {
  it('a signed permanent bounce suppresses the address and lands in the consent trail', async () => {
    const { email } = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    const req = signed(bounced(email.toUpperCase()));
    const res = await post(req);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, outcome: 'suppressed' });

    expect(await suppressionReasons({ ctx: domainContext(env.deps), input: { email } })).toEqual(['bounced']);
    const [row] = await env.deps.db
      .select()
      .from(suppressions)
      .where(eq(suppressions.emailHash, emailHash(SUPPRESSION_KEY, email)));
    expect(row).toMatchObject({ reason: 'bounced', source: 'resend-webhook' });
    expect(JSON.stringify(row)).not.toContain(email);

    const c = await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).json();
    expect(c.consent_trail.at(-1)).toMatchObject({
      action: 'suppress',
      topic: null,
      source: 'resend-webhook',
      event_id: req.headers['svix-id'],
      message_id: 'a1b2c3d4-0000-4000-8000-000000000001',
      note: 'permanent bounce',
    });
  });

  it('a replayed event changes nothing', async () => {
    const { email } = await createContact(env);
    const req = signed(bounced(email));
    expect(await (await post(req)).json()).toMatchObject({ outcome: 'suppressed' });
    const rows = await suppressionRows();
    const trail = (await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).json())
      .consent_trail;

    const replay = await post(req);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(await suppressionRows()).toBe(rows);
    const after = (await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).json())
      .consent_trail;
    expect(after).toEqual(trail);
  });

  it('answers 401 to a bad, missing, foreign or stale signature and changes nothing', async () => {
    const email = uniqueEmail();
    const good = signed(bounced(email));
    const tampered = { ...good, body: good.body.replace('Permanent', 'Permanent ') };
    const foreign = signed(bounced(email), { secret: `whsec_${randomBytes(24).toString('base64')}` });
    const stale = signed(bounced(email), { at: Date.now() - 6 * 60 * 1000 });
    const future = signed(bounced(email), { at: Date.now() + 6 * 60 * 1000 });
    const { 'svix-signature': _, ...unsigned } = good.headers;
    for (const req of [tampered, foreign, stale, future, { ...good, headers: unsigned }]) {
      const res = await post(req);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(await suppressionReasons({ ctx: domainContext(env.deps), input: { email } })).toEqual([]);
    // The good one still works: the failures did not mark its id as handled.
    expect(await (await post(good)).json()).toMatchObject({ outcome: 'suppressed' });
  });

  it('a complaint suppresses the address for all marketing', async () => {
    const { email } = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    const res = await post(
      signed({ type: 'email.complained', created_at: '', data: { email_id: 'x', to: [email] } }),
    );
    expect(await res.json()).toMatchObject({ outcome: 'suppressed' });
    expect(await suppressionReasons({ ctx: domainContext(env.deps), input: { email } })).toEqual([
      'complained',
    ]);
  });

  it('an unknown address is still suppressed (by hash), so a later sign-up does not mail it', async () => {
    const email = uniqueEmail();
    await post(signed(bounced(email)));
    expect(await suppressionReasons({ ctx: domainContext(env.deps), input: { email } })).toEqual(['bounced']);
    expect((await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).status).toBe(404);

    const res = await env.app.request('/v1/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, topics: [news] }),
    });
    expect(res.status).toBe(202);
    await env.deferred.settled();
    expect(env.outbox.sent.filter((m) => m.to === email)).toHaveLength(0);
  });

  it('acknowledges and ignores soft bounces and other event types', async () => {
    const email = uniqueEmail();
    for (const event of [
      bounced(email, 'Transient'),
      { type: 'email.delivered', created_at: '', data: { email_id: 'x', to: [email] } },
      { type: 'contact.created', created_at: '', data: { id: 'c' } },
    ]) {
      const res = await post(signed(event));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true, outcome: 'ignored' });
    }
    expect(await suppressionReasons({ ctx: domainContext(env.deps), input: { email } })).toEqual([]);
  });

  it('refuses a signed body that is not a Resend event with 400, not 500', async () => {
    const res = await post(signed({ nothing: 'here' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed' } });
  });
});

describe('without RESEND_WEBHOOK_SECRET', () => {
  it('answers 503 so Resend retries once it is configured', async () => {
    const bare = await createTestEnv();
    try {
      const req = signed(bounced(uniqueEmail()));
      const res = await bare.app.request('/webhooks/resend', {
        method: 'POST',
        headers: req.headers,
        body: req.body,
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'service_unavailable' } });
    } finally {
      bare.close();
    }
  });
});

describe('configuration', () => {
  it('refuses a RESEND_WEBHOOK_SECRET that is not a whsec_ secret at start-up', () => {
    expect(() => parseConfig({ RESEND_WEBHOOK_SECRET: 're_this_is_an_api_key' })).toThrow(
      /RESEND_WEBHOOK_SECRET/,
    );
    expect(parseConfig({ RESEND_WEBHOOK_SECRET: SECRET }).resend.webhookSecret).toBe(SECRET);
  });
});
