// Bad requests get a clear 4xx in the one envelope, and never any verdicts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnv } from '../support/harness';
import { archiveTopic, contactWith, createTestEnv, createTopic } from './fixtures';

let env: TestEnv;
let topic: string;
beforeAll(async () => {
  env = await createTestEnv({ env: { BODY_LIMIT_BYTES: String(512 * 1024) } });
  topic = await createTopic(env);
});
afterAll(() => env.close());

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string }; results?: unknown };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.results).toBeUndefined();
  return body;
}

describe('the topic', () => {
  it('an unknown topic refuses the whole request', async () => {
    const email = await contactWith(env, { [topic]: 'subscribed' });
    await expectError(
      await env.api('POST', '/v1/presend', { topic: 'no-such-topic', recipients: [email] }),
      404,
      'not_found',
    );
    await expectError(
      await env.api('POST', '/v1/presend', { topic: 'no-such-topic', email }),
      404,
      'not_found',
    );
  });

  it('an archived topic refuses the whole request, even for contacts who opted in', async () => {
    const old = await createTopic(env);
    const email = await contactWith(env, { [old]: 'subscribed' });
    await archiveTopic(env, old);
    await expectError(
      await env.api('POST', '/v1/presend', { topic: old, recipients: [email] }),
      409,
      'conflict',
    );
  });
});

describe('the body', () => {
  const cases: Array<[string, unknown]> = [
    ['no recipients at all', { topic: 'x' }],
    ['an empty list', { topic: 'x', recipients: [] }],
    ['both a list and one email', { topic: 'x', recipients: ['a@b.nl'], email: 'a@b.nl' }],
    ['a list that is not a list', { topic: 'x', recipients: 'a@b.nl' }],
    ['entries that are not strings', { topic: 'x', recipients: ['a@b.nl', 42, null] }],
    ['an entry longer than any address', { topic: 'x', recipients: ['a'.repeat(1001)] }],
    ['no topic', { recipients: ['a@b.nl'] }],
    ['an unknown field', { topic: 'x', recipients: ['a@b.nl'], send_anyway: true }],
    ['a body that is not an object', ['a@b.nl']],
  ];
  it.each(cases)('%s is a validation error in our words', async (_, body) => {
    const error = await expectError(await env.api('POST', '/v1/presend', body), 400, 'validation_failed');
    expect(JSON.stringify(error)).not.toMatch(/ZodError|received undefined/);
  });

  it('more than 10,000 recipients is refused', async () => {
    const recipients = Array.from({ length: 10_001 }, (_, i) => `p${i}@example.nl`);
    const body = await expectError(
      await env.api('POST', '/v1/presend', { topic, recipients }),
      400,
      'validation_failed',
    );
    expect(body.error.message).toMatch(/recipients/);
  });

  it('a body over the size limit is refused with 413', async () => {
    const recipients = Array.from({ length: 9_000 }, (_, i) => `${'x'.repeat(60)}${i}@example.nl`);
    await expectError(await env.api('POST', '/v1/presend', { topic, recipients }), 413, 'payload_too_large');
  });

  it('malformed JSON is invalid_json', async () => {
    await expectError(
      await env.api('POST', '/v1/presend', '{"topic": "x", "recipients": ['),
      400,
      'invalid_json',
    );
  });

  it('a body that is not JSON is refused with 415', async () => {
    const res = await env.api('POST', '/v1/presend', 'topic=x', {
      headers: { 'content-type': 'text/plain' },
    });
    await expectError(res, 415, 'unsupported_media_type');
  });
});

describe('addresses that are not addresses', () => {
  it('get an invalid_email verdict instead of failing the campaign', async () => {
    const odd = ['', ' ', '@', 'a@b', 'two@@example.nl', 'spa ce@example.nl', `${'a'.repeat(250)}@x.nl`];
    const res = await env.api('POST', '/v1/presend', { topic, recipients: odd });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: Array<{ email: string; send: boolean; reason: string }> };
    expect(body.results.map((r) => r.email)).toEqual(odd);
    for (const r of body.results)
      expect(r).toMatchObject({ send: false, reason: 'invalid_email', scope: 'all' });
  });
});
