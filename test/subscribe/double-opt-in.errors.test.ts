import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';
import { mailsTo, postJson } from './support';

let env: TestEnv;
let news: string;
beforeAll(async () => {
  env = await createTestEnv({ env: { BODY_LIMIT_BYTES: '4096' } });
  news = await createTopic(env);
});
afterAll(() => env.close());

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
  return body;
}

describe('bad sign-ups get a clear 4xx in the envelope', () => {
  it('names the field for an invalid address or missing topics', async () => {
    const bad = await expectError(
      await postJson(env, { email: 'not an address', topics: [news] }),
      400,
      'validation_failed',
    );
    expect(bad.error.message).toMatch(/^email:/);
    await expectError(await postJson(env, { email: uniqueEmail() }), 400, 'validation_failed');
    await expectError(await postJson(env, { email: uniqueEmail(), topics: [] }), 400, 'validation_failed');
    await expectError(
      await postJson(env, { email: uniqueEmail(), topics: ['Not A Key!'] }),
      400,
      'validation_failed',
    );
    await expectError(
      await postJson(env, { email: uniqueEmail(), topics: Array.from({ length: 9 }, (_, i) => `t${i}`) }),
      400,
      'validation_failed',
    );
    await expectError(
      await postJson(env, { email: uniqueEmail(), topics: [news], locale: 'es' }),
      400,
      'validation_failed',
    );
  });

  it('answers 404 for a topic that does not exist and 409 for an archived one, mailing nobody', async () => {
    const email = uniqueEmail();
    await expectError(await postJson(env, { email, topics: [news, 'no-such-topic'] }), 404, 'not_found');
    const old = await createTopic(env);
    await env.api('PUT', `/v1/topics/${old}`, {
      name: { en: 'Old', nl: 'Oud' },
      basis: 'consent',
      archived: true,
    });
    await expectError(await postJson(env, { email, topics: [old] }), 409, 'conflict');
    expect(mailsTo(env, email)).toHaveLength(0);
  });

  it('refuses malformed JSON, other content types and oversized bodies', async () => {
    const req = (body: string, type?: string) =>
      env.app.request('/v1/subscribe', {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body,
      });
    await expectError(await req('{"email":', 'application/json'), 400, 'invalid_json');
    await expectError(await req('email=a@b.nl', 'text/plain'), 415, 'unsupported_media_type');
    await expectError(await req('email=a@b.nl'), 415, 'unsupported_media_type');
    const huge = JSON.stringify({ email: uniqueEmail(), topics: [news], consent_text: 'x'.repeat(5000) });
    await expectError(await req(huge, 'application/json'), 413, 'payload_too_large');
  });

  it('documents the sign-up and confirm routes in /openapi.json', async () => {
    const doc = (await (await env.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/subscribe', '/c/{token}', '/webhooks/resend']),
    );
  });
});
