// The contact routes take the contact's id in place of the address, so that staff tools can
// keep addresses out of URLs (access logs, proxies, shell history).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact, createTestEnv, createTopic, type TestEnv } from '../support/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

interface ErrorBody {
  error: { code: string; message: string };
}

describe('a contact named by its id', () => {
  it('is read, exported, unsubscribed and erased without its address in any URL', async () => {
    const news = await createTopic(env);
    const { id, email } = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    expect(id).toMatch(/^c_/);

    const read = await env.api('GET', `/v1/contacts/${id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { email: string }).email).toBe(email);

    const doc = await env.api('GET', `/v1/contacts/${id}/export`);
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { contact: { id: string } }).contact.id).toBe(id);

    const left = await env.api('POST', `/v1/contacts/${id}/unsubscribe`, { topic: news, source: 'phone' });
    expect(left.status).toBe(200);
    const after = (await left.json()) as { changed: boolean; subscriptions: Record<string, string> };
    expect(after).toMatchObject({ changed: true, subscriptions: { [news]: 'unsubscribed' } });

    const erased = await env.api('DELETE', `/v1/contacts/${id}?notify=false`);
    expect(erased.status).toBe(200);
    expect(await erased.json()).toMatchObject({ erased: true, suppressed: true });
    // Gone by id and by address alike, and the address stays on the do-not-mail list.
    expect((await env.api('GET', `/v1/contacts/${id}`)).status).toBe(404);
    expect((await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).status).toBe(404);
    const again = await env.api('DELETE', `/v1/contacts/${encodeURIComponent(email)}`);
    expect(await again.json()).toMatchObject({ erased: false, suppressed: true });
  });

  it('the address still works, in any spelling, for callers that only have it', async () => {
    const { id, email } = await createContact(env);
    const res = await env.api('GET', `/v1/contacts/${encodeURIComponent(`  ${email.toUpperCase()} `)}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe(id);
  });

  it('an unknown id answers 404, even with suppress=true (an address never held needs the address)', async () => {
    for (const [method, path] of [
      ['GET', '/v1/contacts/c_0Tq3kF1a9XyZ'],
      ['GET', '/v1/contacts/c_0Tq3kF1a9XyZ/export'],
      ['DELETE', '/v1/contacts/c_0Tq3kF1a9XyZ?suppress=true'],
    ] as const) {
      const res = await env.api(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(((await res.json()) as ErrorBody).error.code).toBe('not_found');
    }
  });

  it('something that is neither an id nor an address is a 400 that says what is expected', async () => {
    for (const ref of ['not-an-address', 'c_', 'c_bad%20id', "c_x'or'1'='1", 'x'.repeat(700)]) {
      const res = await env.api('GET', `/v1/contacts/${ref}`);
      expect(res.status, ref).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('validation_failed');
      expect(JSON.stringify(body)).toContain('contact id');
    }
  });
});
