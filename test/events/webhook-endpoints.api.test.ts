// The admin API for webhook endpoints: registering (the secret shown once, stored sealed),
// reading without secrets, changing, removing, and the refusals of unsafe targets.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookEndpoints } from '../../src/db/schema';
import { subscribableEventTypes } from '../../src/domain/event-types';
import { createKey, createTestEnv, type TestEnv } from '../support/harness';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
  // Registration resolves names; the tests answer for a public one without the network.
  const check = env.deps.webhooks.checkTargetUrl;
  env.deps.webhooks.checkTargetUrl = (url) => check(url.replace('hooks.example.com', '93.184.216.34'));
});
afterAll(() => env.close());

const register = async (body: unknown) => env.api('POST', '/v1/webhooks', body);

describe('webhook endpoints', () => {
  it('registers an endpoint and shows its whsec_ secret once; it is stored only sealed', async () => {
    const res = await register({ url: 'https://hooks.example.com/in', description: 'CRM sync' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown> & { id: string; secret: string };
    expect(body).toMatchObject({
      url: 'https://hooks.example.com/in',
      description: 'CRM sync',
      events: [...subscribableEventTypes],
      enabled: true,
      disabled_reason: null,
    });
    expect(body.id).toMatch(/^we_/);
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const [row] = await env.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, body.id));
    expect(row.secret).not.toContain(body.secret.slice('whsec_'.length));
    expect(row.secret).toMatch(/^v1\./);

    const one = await env.api('GET', `/v1/webhooks/${body.id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).not.toHaveProperty('secret');
    const all = (await (await env.api('GET', '/v1/webhooks')).json()) as { webhooks: Array<{ id: string }> };
    expect(all.webhooks.map((w) => w.id)).toContain(body.id);
    expect(JSON.stringify(all)).not.toContain('whsec_');
  });

  it('changes the URL, the event types and whether it is enabled', async () => {
    const { id } = (await (await register({ url: 'https://hooks.example.com/a' })).json()) as { id: string };
    const res = await env.api('PATCH', `/v1/webhooks/${id}`, {
      url: 'https://hooks.example.com/b',
      events: ['contact.unsubscribed', 'contact.erased'],
      enabled: false,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      url: 'https://hooks.example.com/b',
      events: ['contact.unsubscribed', 'contact.erased'],
      enabled: false,
      disabled_reason: 'staff',
    });
    const again = await env.api('PATCH', `/v1/webhooks/${id}`, { enabled: true, events: null });
    expect(await again.json()).toMatchObject({
      enabled: true,
      disabled_reason: null,
      disabled_at: null,
      events: [...subscribableEventTypes],
    });
  });

  it('removes an endpoint', async () => {
    const { id } = (await (await register({ url: 'https://hooks.example.com/gone' })).json()) as {
      id: string;
    };
    expect((await env.api('DELETE', `/v1/webhooks/${id}`)).status).toBe(204);
    expect((await env.api('GET', `/v1/webhooks/${id}`)).status).toBe(404);
    expect((await env.api('DELETE', `/v1/webhooks/${id}`)).status).toBe(404);
  });

  it('answers unknown endpoints and deliveries with 404 in the envelope', async () => {
    for (const [method, path] of [
      ['GET', '/v1/webhooks/we_nope'],
      ['PATCH', '/v1/webhooks/we_nope'],
      ['POST', '/v1/webhooks/we_nope/rotate-secret'],
      ['POST', '/v1/webhooks/we_nope/test'],
      ['GET', '/v1/webhooks/we_nope/deliveries'],
      ['POST', '/v1/webhooks/we_nope/deliveries/1/retry'],
    ]) {
      const res = await env.api(method, path, method === 'PATCH' ? { enabled: true } : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it.each([
    [{ url: 'http://hooks.example.com/in' }, 'url: must use https'],
    [{ url: 'https://127.0.0.1/in' }, 'url: must not point at a private'],
    [{ url: 'https://[::ffff:127.0.0.1]/in' }, 'url: must not point at a private'],
    [{ url: 'https://169.254.169.254/latest' }, 'url: must not point at a private'],
    [{ url: 'https://100.64.1.1/in' }, 'url: must not point at a private'],
    [{ url: 'not a url' }, 'url: must be an absolute URL'],
    [{ url: 'https://hooks.example.com/in', events: ['contact.nothing'] }, 'events.0'],
    [{ url: 'https://hooks.example.com/in', events: [] }, 'events'],
    [{ url: 'https://hooks.example.com/in', secret: 'whsec_mine' }, 'secret'],
    [{}, 'url: is required'],
  ])('refuses %j with 400', async (body, message) => {
    const res = await register(body);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('validation_failed');
    expect(error.message).toContain(message);
  });

  it('refuses a name that resolves to a private address', async () => {
    const strict = await createTestEnv();
    try {
      // `localhost` is a name like any other here; it is what it resolves to that counts.
      const res = await strict.api('POST', '/v1/webhooks', { url: 'https://localhost:8443/in' });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: {
          code: 'validation_failed',
          message: 'url: its host name resolves to a private, loopback, link-local or reserved address',
          details: [{ field: 'url' }],
        },
      });
      const unresolvable = await strict.api('POST', '/v1/webhooks', {
        url: 'https://does-not-exist.invalid/in',
      });
      expect(await unresolvable.json()).toMatchObject({
        error: { message: 'url: its host name does not resolve' },
      });
    } finally {
      strict.close();
    }
  });

  it('refuses a URL change to an unsafe target', async () => {
    const { id } = (await (await register({ url: 'https://hooks.example.com/ok' })).json()) as { id: string };
    const res = await env.api('PATCH', `/v1/webhooks/${id}`, { url: 'https://10.0.0.8/in' });
    expect(res.status).toBe(400);
    expect(await (await env.api('GET', `/v1/webhooks/${id}`)).json()).toMatchObject({
      url: 'https://hooks.example.com/ok',
    });
  });

  it('belongs to admins only', async () => {
    const presend = await createKey(env, ['presend']);
    for (const [method, path] of [
      ['POST', '/v1/webhooks'],
      ['GET', '/v1/webhooks'],
      ['GET', '/v1/webhooks/we_x'],
      ['PATCH', '/v1/webhooks/we_x'],
      ['DELETE', '/v1/webhooks/we_x'],
      ['POST', '/v1/webhooks/we_x/rotate-secret'],
      ['POST', '/v1/webhooks/we_x/test'],
      ['GET', '/v1/webhooks/we_x/deliveries'],
      ['POST', '/v1/webhooks/we_x/deliveries/1/retry'],
    ]) {
      for (const key of [null, presend]) {
        const res = await env.api(method, path, undefined, { key });
        expect(res.status, `${method} ${path}`).toBe(key === null ? 401 : 403);
      }
    }
    expect((await env.api('GET', '/v1/webhooks', undefined, { key: null })).status).toBe(401);
    expect((await env.api('GET', '/v1/webhooks', undefined, { key: presend })).status).toBe(403);
    expect((await register('{')).status).toBe(400);
    const form = await env.api('POST', '/v1/webhooks', 'url=x', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });
});
