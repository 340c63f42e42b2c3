// Who may ask: a key with the presend scope, or a call signed with Standard Webhooks. Forged,
// tampered, stale and replayed calls are refused, and answers leave no trace in the logs.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { signWebhook } from '../../src/http/standard-webhooks';
import { createLogger } from '../../src/logger';
import type { TestEnv } from '../support/harness';
import { contactWith, createTestEnv, createTopic, uniqueEmail } from './fixtures';

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
let env: TestEnv;
let app: ReturnType<typeof createApp>;
const logLines: string[] = [];
let topic: string;
let optedIn: string;
const keys: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv({ env: { PRESEND_WEBHOOK_SECRET: SECRET } });
  // The same dependencies with a logger that keeps every line, to check what gets logged.
  app = createApp({ ...env.deps, logger: createLogger('debug', (line) => logLines.push(line)) });
  topic = await createTopic(env);
  optedIn = await contactWith(env, { [topic]: 'subscribed' });
  for (const scope of ['presend', 'links', 'admin'] as const) {
    const res = await env.api('POST', '/v1/keys', { name: `${scope} key`, scopes: [scope] });
    keys[scope] = ((await res.json()) as { secret: string }).secret;
  }
});
afterAll(() => env.close());

const nowSeconds = () => Math.floor(env.clock.now().getTime() / 1000);

function signed(body: string, opts: { id?: string; at?: number; secret?: string; signature?: string } = {}) {
  const id = opts.id ?? `msg_${randomBytes(8).toString('hex')}`;
  const at = opts.at ?? nowSeconds();
  return app.request('/v1/presend', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(at),
      'webhook-signature': opts.signature ?? signWebhook(opts.secret ?? SECRET, id, at, body),
    },
    body,
  });
}

function withKey(key: string | null, body: unknown = { topic, recipients: [optedIn] }) {
  return app.request('/v1/presend', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
}

describe('API keys', () => {
  it('a presend key and an admin key may ask', async () => {
    expect((await withKey(keys.presend)).status).toBe(200);
    expect((await withKey(keys.admin)).status).toBe(200);
  });

  it('no key, a wrong key or a Basic header is 401 in the envelope', async () => {
    for (const key of [null, 'mp_wrong', "' OR 1=1 --", keys.presend.slice(0, -1)]) {
      const res = await withKey(key);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    const basic = await app.request('/v1/presend', {
      method: 'POST',
      headers: { authorization: 'Basic YWRtaW46YWRtaW4=', 'content-type': 'application/json' },
      body: JSON.stringify({ topic, recipients: [optedIn] }),
    });
    expect(basic.status).toBe(401);
  });

  it('a key without the presend scope is 403', async () => {
    const res = await withKey(keys.links);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('authentication comes before validation, so strangers learn nothing about the body', async () => {
    expect((await withKey(null, { nonsense: true })).status).toBe(401);
  });

  it('the counters are for staff only', async () => {
    const asTool = await app.request('/v1/presend/stats', {
      headers: { authorization: `Bearer ${keys.presend}` },
    });
    expect(asTool.status).toBe(403);
    const asAdmin = await app.request('/v1/presend/stats', {
      headers: { authorization: `Bearer ${keys.admin}` },
    });
    expect(asAdmin.status).toBe(200);
  });
});

describe('Standard Webhooks signatures', () => {
  const body = () => JSON.stringify({ topic, recipients: [optedIn, uniqueEmail()] });

  it('a correctly signed call is answered', async () => {
    const res = await signed(body());
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { results: Array<{ send: boolean }> };
    expect(answer.results.map((r) => r.send)).toEqual([true, false]);
  });

  it('a signature list with one valid entry among others is accepted (secret rotation)', async () => {
    const text = body();
    const id = 'msg_rotation';
    const at = nowSeconds();
    const other = signWebhook(`whsec_${randomBytes(24).toString('base64')}`, id, at, text);
    const res = await signed(text, { id, at, signature: `${other} ${signWebhook(SECRET, id, at, text)}` });
    expect(res.status).toBe(200);
  });

  it('a tampered body is refused', async () => {
    const original = body();
    const id = 'msg_tampered';
    const at = nowSeconds();
    const signature = signWebhook(SECRET, id, at, original);
    const tampered = original.replace(optedIn, 'someone-else@example.nl');
    const res = await signed(tampered, { id, at, signature });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('a tampered id or timestamp is refused', async () => {
    const text = body();
    const at = nowSeconds();
    const signature = signWebhook(SECRET, 'msg_a', at, text);
    expect((await signed(text, { id: 'msg_b', at, signature })).status).toBe(401);
    expect((await signed(text, { id: 'msg_a', at: at - 1, signature })).status).toBe(401);
  });

  it('a signature made with another secret is refused', async () => {
    const res = await signed(body(), { secret: `whsec_${randomBytes(24).toString('base64')}` });
    expect(res.status).toBe(401);
  });

  it('a timestamp more than five minutes off, either way, is refused', async () => {
    expect((await signed(body(), { at: nowSeconds() - 301 })).status).toBe(401);
    expect((await signed(body(), { at: nowSeconds() + 301 })).status).toBe(401);
    expect((await signed(body(), { at: nowSeconds() - 299 })).status).toBe(200);
  });

  it('a replayed webhook-id is refused, even with a fresh signature', async () => {
    const text = body();
    const first = await signed(text, { id: 'msg_replay' });
    expect(first.status).toBe(200);
    const replay = await signed(text, { id: 'msg_replay' });
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ error: { code: 'conflict' } });
  });

  it('a refused call does not use up its id, so the sender can retry it', async () => {
    const id = 'msg_retry';
    const bad = JSON.stringify({ topic: 'no-such-topic', recipients: [optedIn] });
    expect((await signed(bad, { id })).status).toBe(404);
    expect((await signed(body(), { id })).status).toBe(200);
  });

  it('malformed signature headers are refused', async () => {
    const text = body();
    for (const signature of ['', 'v1', 'v1,', 'v2,abc', 'v1,not-base64!!', 'x'.repeat(5000)]) {
      expect((await signed(text, { signature })).status).toBe(401);
    }
    for (const at of [Number.NaN, -1]) expect((await signed(text, { at })).status).toBe(401);
  });

  it('signed calls are refused where no secret is configured', async () => {
    const plain = await createTestEnv();
    try {
      const text = JSON.stringify({ topic: 'x', recipients: ['a@b.nl'] });
      const at = Math.floor(plain.clock.now().getTime() / 1000);
      const res = await plain.app.request('/v1/presend', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': 'msg_1',
          'webhook-timestamp': String(at),
          'webhook-signature': signWebhook(SECRET, 'msg_1', at, text),
        },
        body: text,
      });
      expect(res.status).toBe(401);
    } finally {
      plain.close();
    }
  });
});

describe('privacy', () => {
  it('answers set no cookies, and no address or key reaches the logs', async () => {
    const email = uniqueEmail('private');
    const res = await withKey(keys.presend, { topic, recipients: [email, optedIn] });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    await withKey(keys.presend, { topic: 'no-such-topic', recipients: [email] });
    const logs = logLines.join('\n');
    expect(logs).not.toContain(email);
    expect(logs).not.toContain(optedIn);
    expect(logs).not.toContain(keys.presend);
  });

  it('addresses are echoed as JSON data, never as markup', async () => {
    const html = '<img src=x onerror=alert(1)>@example.nl';
    const res = await withKey(keys.presend, { topic, recipients: [html] });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(((await res.json()) as { results: Array<{ email: string }> }).results[0].email).toBe(html);
  });
});
