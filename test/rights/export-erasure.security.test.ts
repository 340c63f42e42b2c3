import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailTransport } from '../../src/mail/transport';
import { createContact, createKey, createTestEnv, type TestEnv } from '../support/harness';

let env: TestEnv;
let presendKey: string;
beforeAll(async () => {
  env = await createTestEnv();
  presendKey = await createKey(env);
});
afterAll(() => env.close());

const routes: Array<[string, string]> = [
  ['GET', '/v1/contacts/someone%40example.nl/export'],
  ['DELETE', '/v1/contacts/someone%40example.nl'],
];

describe.each(routes)('%s %s', (method, path) => {
  it('needs an admin key: 401 without one, 403 with a presend key', async () => {
    const none = await env.api(method, path, undefined, { key: null });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const wrong = await env.api(method, path, undefined, { key: 'mp_forged-key-0000000000000000' });
    expect(wrong.status).toBe(401);
    const presend = await env.api(method, path, undefined, { key: presendKey });
    expect(presend.status).toBe(403);
    expect(await presend.json()).toMatchObject({ error: { code: 'forbidden' } });
  });
});

describe('hostile input', () => {
  it('answers 400 in the envelope for addresses that are not addresses, never 500', async () => {
    const bad = [
      'not-an-email',
      'two%40at%40example.nl',
      'with%20space%40example.nl',
      `${'a'.repeat(600)}%40example.nl`,
      '%00%40example.nl',
    ];
    for (const email of bad) {
      for (const [method, suffix] of [
        ['GET', '/export'],
        ['DELETE', ''],
      ] as const) {
        const res = await env.api(method, `/v1/contacts/${email}${suffix}`);
        expect(res.status, `${method} ${email}`).toBe(400);
        expect(await res.json()).toMatchObject({ error: { code: 'validation_failed' } });
      }
    }
  });

  it('refuses query flags that are not true or false', async () => {
    const res = await env.api('DELETE', '/v1/contacts/someone%40example.nl?suppress=yes');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('answers 404 for exporting an unknown contact', async () => {
    const res = await env.api('GET', '/v1/contacts/nobody%40example.nl/export');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('when the receipt cannot be sent', () => {
  it('deletes nothing and answers 503, so the request can be retried', async () => {
    const failing: MailTransport = {
      send: async () => {
        throw new Error('mail provider down');
      },
    };
    const broken = await createTestEnv({ mailer: failing });
    try {
      const { email } = await createContact(broken);
      const res = await broken.api('DELETE', `/v1/contacts/${encodeURIComponent(email)}`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'service_unavailable' } });
      expect((await broken.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).status).toBe(200);
    } finally {
      broken.close();
    }
  });
});

describe('the API document', () => {
  it('describes export and erasure with their parameters', async () => {
    const doc = (await (await env.api('GET', '/openapi.json', undefined, { key: null })).json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>>;
    };
    expect(doc.paths['/v1/contacts/{contact}/export']?.get).toBeDefined();
    const erase = doc.paths['/v1/contacts/{contact}']?.delete;
    expect(erase?.parameters?.map((p) => p.name).sort()).toEqual(['contact', 'notify', 'suppress']);
  });
});
