// What the HTTP layer says beyond the status: a known path asked for with the wrong method is
// 405 with the methods it takes, a 401 names the scheme to authenticate with, and a 429 says
// when to come back. All of it comes from the one error layer, whichever route refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const SECRET = `whsec_${Buffer.from('a secret of thirty-two bytes, ok').toString('base64')}`;

async function expectEnvelope(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  expect(await res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
}

describe('a known path with the wrong method', () => {
  it.each([
    ['DELETE', '/v1/topics', 'GET, HEAD'],
    ['PATCH', '/v1/topics/news', 'PUT'],
    ['PUT', '/v1/contacts/jan%40example.nl', 'GET, HEAD, DELETE'],
    ['GET', '/v1/presend', 'POST'],
    ['GET', '/v1/subscribe', 'POST'],
    ['POST', '/healthz', 'GET, HEAD'],
    ['DELETE', '/openapi.json', 'GET, HEAD'],
  ])('%s %s is 405 method_not_allowed with Allow: %s', async (method, path, allow) => {
    const res = await env.api(method, path, method === 'GET' || method === 'DELETE' ? undefined : {});
    expect(res.headers.get('allow')).toBe(allow);
    await expectEnvelope(res, 405, 'method_not_allowed');
  });

  it('is 405 before authentication is asked for, and an unknown path stays 404', async () => {
    const res = await env.api('PATCH', '/v1/keys/key_x', {}, { key: null });
    expect(res.headers.get('allow')).toBe('DELETE');
    await expectEnvelope(res, 405, 'method_not_allowed');
    await expectEnvelope(await env.api('GET', '/v1/nothing-here'), 404, 'not_found');
    await expectEnvelope(await env.api('GET', '/v1/topics/news/extra'), 404, 'not_found');
  });
});

describe('a 401', () => {
  it('asks for a Bearer key, and says invalid_token when the key sent is wrong', async () => {
    const none = await env.api('GET', '/v1/topics', undefined, { key: null });
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="mailprefs"');
    await expectEnvelope(none, 401, 'unauthorized');

    const wrong = await env.api('GET', '/v1/topics', undefined, { key: 'mp_wrong' });
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="mailprefs", error="invalid_token"');
    await expectEnvelope(wrong, 401, 'unauthorized');

    // The presend route authenticates on its own (keys or signed webhooks); same answer.
    const presend = await env.api(
      'POST',
      '/v1/presend',
      { topic: 'news', email: uniqueEmail() },
      { key: null },
    );
    expect(presend.headers.get('www-authenticate')).toBe('Bearer realm="mailprefs"');
    await expectEnvelope(presend, 401, 'unauthorized');
  });

  it('names a webhook signature, not a key, where the caller is a sending service', async () => {
    const signed = await createTestEnv({
      env: { RESEND_WEBHOOK_SECRET: SECRET, PRESEND_WEBHOOK_SECRET: SECRET },
    });
    try {
      const post = (path: string, headers: Record<string, string> = {}) =>
        signed.app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ topic: 'news', email: uniqueEmail() }),
        });
      const forged = {
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,Zm9yZ2Vk',
      };
      // Resend's deliveries are signed only: a forged one hears only of signatures.
      const resend = await post('/webhooks/resend', forged);
      expect(resend.headers.get('www-authenticate')).toBe('Webhook-Signature realm="mailprefs"');
      await expectEnvelope(resend, 401, 'unauthorized');
      // Presend takes either, so a call with neither hears of both.
      const presend = await post('/v1/presend');
      expect(presend.headers.get('www-authenticate')).toBe(
        'Bearer realm="mailprefs", Webhook-Signature realm="mailprefs"',
      );
      await expectEnvelope(presend, 401, 'unauthorized');
    } finally {
      await signed.close();
    }
  });

  it('is not sent with a 403, where the key is known but lacks the scope', async () => {
    const res = await env.api('GET', '/v1/topics', undefined, { key: await createKey(env, ['presend']) });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBeNull();
  });
});

describe('a 429', () => {
  it('says in Retry-After when the window that refused it ends', async () => {
    const topic = await createTopic(env);
    const signUp = () =>
      env.app.request('/v1/subscribe', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.18.9.1' },
        body: JSON.stringify({ email: uniqueEmail(), topics: [topic] }),
      });
    for (let i = 0; i < 30; i++) expect((await signUp()).status).toBe(202);
    env.clock.advance(20 * 60 * 1000);
    const limited = await signUp();
    // The network window is an hour, and twenty minutes of it have gone.
    expect(limited.headers.get('retry-after')).toBe(String(40 * 60));
    await expectEnvelope(limited, 429, 'rate_limited');
  });
});
