import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, createTopic, type TestEnv, uniqueEmail, uniqueTopicKey } from '../support/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('admin API: topics', () => {
  it('creates a topic, updates it, lists it and archives it instead of deleting', async () => {
    const key = uniqueTopicKey('events');
    const body = {
      name: { en: 'Events and webinars', nl: 'Evenementen en webinars' },
      description: { en: 'Invitations', nl: 'Uitnodigingen' },
      basis: 'consent',
    };
    const created = await env.api('PUT', `/v1/topics/${key}`, body);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ key, basis: 'consent', archived: false, name: body.name });

    const updated = await env.api('PUT', `/v1/topics/${key}`, {
      ...body,
      description: { en: 'Invitations to our events', nl: 'Uitnodigingen voor onze evenementen' },
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ description: { en: 'Invitations to our events' } });

    const archived = await env.api('PUT', `/v1/topics/${key}`, { ...body, archived: true });
    expect(await archived.json()).toMatchObject({ archived: true });

    const active = (await (await env.api('GET', '/v1/topics')).json()) as { topics: { key: string }[] };
    expect(active.topics.map((t) => t.key)).not.toContain(key);
    const all = (await (await env.api('GET', '/v1/topics?include_archived=true')).json()) as {
      topics: { key: string }[];
    };
    expect(all.topics.map((t) => t.key)).toContain(key);
  });
});

describe('admin API: contacts', () => {
  it('upserts a contact by normalised email and reads it back with its consent trail', async () => {
    const topic = await createTopic(env);
    const email = uniqueEmail();
    const res = await env.api('POST', '/v1/contacts', {
      email: `  ${email.toUpperCase()} `,
      locale: 'nl',
      subscriptions: { [topic]: 'subscribed' },
      consent: {
        source: 'website-form',
        text: 'Ja, stuur mij nieuws',
        ip: '198.51.100.23',
        user_agent: 'Firefox',
      },
    });
    expect(res.status).toBe(201);
    const contact = (await res.json()) as { email: string; subscriptions: Record<string, string> };
    expect(contact.email).toBe(email);
    expect(contact.subscriptions).toEqual({ [topic]: 'subscribed' });

    const again = await env.api('POST', '/v1/contacts', {
      email,
      subscriptions: { [topic]: 'subscribed' },
      consent: { source: 'website-form' },
    });
    expect(again.status).toBe(200);

    const read = await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`);
    expect(read.status).toBe(200);
    const full = (await read.json()) as { locale: string; consent_trail: Record<string, unknown>[] };
    expect(full.locale).toBe('nl');
    expect(full.consent_trail).toHaveLength(1);
    expect(full.consent_trail[0]).toMatchObject({
      topic,
      action: 'subscribe',
      source: 'website-form',
      ip: '198.51.100.0',
      user_agent: 'Firefox',
      wording: 'Ja, stuur mij nieuws',
      api_key_id: 'env:ADMIN_API_KEY',
    });
  });
});

describe('admin API: consent evidence', () => {
  it('legitimate-interest opt-ins and unsubscribes need no consent block; a consent opt-in needs only its source', async () => {
    const li = await createTopic(env, { basis: 'legitimate_interest' });
    const consent = await createTopic(env, { basis: 'consent' });
    const email = uniqueEmail();
    const liOnly = await env.api('POST', '/v1/contacts', { email, subscriptions: { [li]: 'subscribed' } });
    expect(liOnly.status).toBe(201);
    const out = await env.api('POST', '/v1/contacts', {
      email,
      subscriptions: { [consent]: 'unsubscribed' },
    });
    expect(out.status).toBe(200);
    const withSource = await env.api('POST', '/v1/contacts', {
      email: uniqueEmail(),
      subscriptions: { [consent]: 'subscribed' },
      consent: { source: 'trade-fair-2026' },
    });
    expect(withSource.status).toBe(201);
    expect(await withSource.json()).toMatchObject({ subscriptions: { [consent]: 'subscribed' } });
  });
});

describe('admin API: keys', () => {
  it('shows a secret once, lists keys without secrets, and a revoked key stops working', async () => {
    const created = await env.api('POST', '/v1/keys', { name: 'ESP presend', scopes: ['presend'] });
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; secret: string; prefix: string };
    expect(key.secret).toMatch(/^mp_/);
    expect(key.secret.startsWith(key.prefix)).toBe(true);

    const list = await (await env.api('GET', '/v1/keys')).text();
    expect(list).toContain(key.id);
    expect(list).not.toContain(key.secret);

    const admin = await env.api('POST', '/v1/keys', { name: 'second admin', scopes: ['admin'] });
    const adminSecret = ((await admin.json()) as { secret: string }).secret;
    const adminId = (
      (await (await env.api('GET', '/v1/keys')).json()) as { keys: { id: string; name: string }[] }
    ).keys.find((k) => k.name === 'second admin')!.id;
    expect((await env.api('GET', '/v1/topics', undefined, { key: adminSecret })).status).toBe(200);
    expect((await env.api('DELETE', `/v1/keys/${adminId}`)).status).toBe(200);
    expect((await env.api('GET', '/v1/topics', undefined, { key: adminSecret })).status).toBe(401);
  });
});

describe('system routes', () => {
  it('reports a healthy database', async () => {
    const res = await env.api('GET', '/healthz', undefined, { key: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('renders the API reference at /docs from /openapi.json', async () => {
    const res = await env.api('GET', '/docs', undefined, { key: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('/openapi.json');
  });

  it('documents every route in /openapi.json', async () => {
    const doc = (await (await env.api('GET', '/openapi.json', undefined, { key: null })).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const registered = env.app.routes
      .filter(
        (r) =>
          r.method !== 'ALL' &&
          !['/openapi.json', '/assets/style.css', '/assets/console.css'].includes(r.path),
      )
      .filter((r) => r.path !== '/docs' && !r.path.startsWith('/docs/'))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    for (const route of new Set(registered)) expect(documented).toContain(route);
  });
});
