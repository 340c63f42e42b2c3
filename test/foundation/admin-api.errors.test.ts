import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact, createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ env: { BODY_LIMIT_BYTES: '4096' } });
});
afterAll(() => env.close());

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; details?: unknown } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

describe('bad input gets a clear 4xx in the error envelope', () => {
  it('malformed JSON is 400 invalid_json', async () => {
    await expectError(await env.api('POST', '/v1/contacts', '{"email": '), 400, 'invalid_json');
  });

  it('a wrong content type is 415', async () => {
    const res = await env.api('POST', '/v1/contacts', 'email=a@b.nl', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await expectError(res, 415, 'unsupported_media_type');
  });

  it('validation errors name the field', async () => {
    const error = await expectError(
      await env.api('POST', '/v1/contacts', { email: 'not-an-email' }),
      400,
      'validation_failed',
    );
    expect(error.message).toMatch(/^email: /);
    expect(error.details).toEqual([{ field: 'email', message: 'must be a valid email address' }]);

    const topic = await expectError(
      await env.api('PUT', '/v1/topics/news', { name: { en: 'News' }, basis: 'sometimes' }),
      400,
      'validation_failed',
    );
    expect(topic.message).toMatch(/^basis: /);
  });

  it('unknown fields, bad topic keys and bad enum values are refused', async () => {
    await expectError(
      await env.api('POST', '/v1/contacts', { email: uniqueEmail(), admin: true }),
      400,
      'validation_failed',
    );
    await expectError(
      await env.api('PUT', '/v1/topics/Bad%20Key', { name: { en: 'x', nl: 'x' }, basis: 'consent' }),
      400,
      'validation_failed',
    );
    await expectError(
      await env.api('PUT', '/v1/topics/ok', { name: { en: 'x', nl: 'x' }, basis: 'spam' }),
      400,
      'validation_failed',
    );
  });

  it('a body over the limit is 413 and nothing is written', async () => {
    const email = uniqueEmail();
    const res = await env.api('POST', '/v1/contacts', {
      email,
      consent: { source: 'x', text: 'y'.repeat(8000) },
    });
    await expectError(res, 413, 'payload_too_large');
    await expectError(await env.api('GET', `/v1/contacts/${email}`), 404, 'not_found');
  });

  it('an unknown contact, topic or route is 404', async () => {
    await expectError(await env.api('GET', `/v1/contacts/${uniqueEmail()}`), 404, 'not_found');
    await expectError(
      await env.api('POST', '/v1/contacts', {
        email: uniqueEmail(),
        subscriptions: { 'no-such-topic': 'subscribed' },
      }),
      404,
      'not_found',
    );
    await expectError(await env.api('GET', '/v1/nothing-here'), 404, 'not_found');
    await expectError(await env.api('DELETE', '/v1/keys/key_nope'), 404, 'not_found');
  });

  it('a failed upsert leaves nothing half-written', async () => {
    const topic = await createTopic(env);
    const email = uniqueEmail();
    const res = await env.api('POST', '/v1/contacts', {
      email,
      subscriptions: { [topic]: 'subscribed', 'missing-topic': 'subscribed' },
      consent: { source: 'crm' },
    });
    expect(res.status).toBe(404);
    await expectError(await env.api('GET', `/v1/contacts/${email}`), 404, 'not_found');
  });

  it('a consent-basis opt-in without consent.source is 400 naming the field, and stores nothing', async () => {
    const topic = await createTopic(env, { basis: 'consent' });
    const email = uniqueEmail();
    const res = await env.api('POST', '/v1/contacts', { email, subscriptions: { [topic]: 'subscribed' } });
    const error = await expectError(res, 400, 'validation_failed');
    expect(error.message).toMatch(/^consent\.source: /);
    expect(error.message).toContain(topic);
    expect(error.details).toEqual([{ field: 'consent.source', message: expect.any(String) }]);
    await expectError(await env.api('GET', `/v1/contacts/${email}`), 404, 'not_found');
  });

  it('staff cannot silently re-subscribe someone who opted out (409 opted_out)', async () => {
    const topic = await createTopic(env);
    const { email } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    await env.api('POST', '/v1/contacts', { email, subscriptions: { [topic]: 'unsubscribed' } });
    await expectError(
      await env.api('POST', '/v1/contacts', {
        email,
        subscriptions: { [topic]: 'subscribed' },
        consent: { source: 'crm' },
      }),
      409,
      'opted_out',
    );
  });
});
