import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createTestEnv, type TestEnv } from '../support/harness';

let env: TestEnv;
let presendKey: string;
beforeAll(async () => {
  env = await createTestEnv();
  presendKey = await createKey(env);
});
afterAll(() => env.close());

// Every admin route, with a body that would be valid, so only authentication decides.
const adminRoutes: Array<[string, string, unknown?]> = [
  ['PUT', '/v1/topics/news', { name: { en: 'News', nl: 'Nieuws' }, basis: 'consent' }],
  ['GET', '/v1/topics'],
  ['POST', '/v1/contacts', { email: 'someone@example.nl' }],
  ['GET', '/v1/contacts/someone%40example.nl'],
  ['POST', '/v1/keys', { name: 'x', scopes: ['admin'] }],
  ['GET', '/v1/keys'],
  ['DELETE', '/v1/keys/key_x'],
  ['GET', '/v1/audit'],
];

describe.each(adminRoutes)('%s %s is protected', (method, path, body) => {
  it('answers 401 in the envelope without a key', async () => {
    const res = await env.api(method, path, body, { key: null });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('answers 401 for a wrong or malformed key', async () => {
    for (const key of ['mp_wrong', 'test-admin-key-0123456788', "' OR 1=1 --"]) {
      expect((await env.api(method, path, body, { key })).status).toBe(401);
    }
    const res = await env.app.request(path, { method, headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
    expect(res.status).toBe(401);
  });

  it('answers 403 for a key without the admin scope', async () => {
    const res = await env.api(method, path, body, { key: presendKey });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
  });
});

describe('responses', () => {
  it('never set cookies and always carry nosniff and a request id', async () => {
    const res = await env.api('GET', '/v1/topics');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  });
});
