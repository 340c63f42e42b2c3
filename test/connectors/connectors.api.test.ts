// The admin API for connectors: connecting (credentials sealed, never shown back), reading,
// changing, removing, the activity log, and the refusals: unknown tools, settings or
// credentials that do not fit the tool, an api_base that breaks the target rules, and no
// ENCRYPTION_KEY. Credentials appear in no response and no log line.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../src/db/schema';
import { logActivity } from '../../src/domain/connectors';
import { runRetentionJob } from '../../src/jobs/retention';
import { type BrevoStandIn, startBrevoStandIn } from '../support/brevo-stand-in';
import { connect, createConnectorsEnv, inboundPath, oneClick } from '../support/connectors';
import { capturingLogger, type EventsEnv, eventually } from '../support/events';
import { createContact, createTestEnv, createTopic, SIGNING_KEYS, SUPPRESSION_KEY } from '../support/harness';
import { startLapostaStandIn } from '../support/laposta-stand-in';
import { startMailchimpStandIn } from '../support/mailchimp-stand-in';
import { startResendContactsStandIn } from '../support/resend-contacts-stand-in';

let env: EventsEnv;
let logger: ReturnType<typeof capturingLogger>;
let brevo: BrevoStandIn;
let news: string;

beforeAll(async () => {
  logger = capturingLogger();
  env = await createConnectorsEnv({ logger });
  brevo = await startBrevoStandIn();
  news = await createTopic(env);
});
afterAll(async () => {
  await brevo.close();
  env.close();
});

const brevoBody = () => ({
  type: 'brevo',
  name: 'Brevo main account',
  credentials: { api_key: brevo.apiKey, webhook_token: 'brevo-webhook-token-0123456789' },
  api_base: brevo.apiBase,
  settings: { topics: { [news]: { list_id: 7 } } },
});

describe('connectors', () => {
  it('connects a tool: 201 with its settings, state and inbound URL, and the credentials stored only sealed', async () => {
    const res = await env.api('POST', '/v1/connectors', brevoBody());
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown> & { id: string; inbound_url: string };
    expect(body).toMatchObject({
      type: 'brevo',
      name: 'Brevo main account',
      settings: { topics: { [news]: { list_id: 7 } } },
      api_base: brevo.apiBase,
      push_opt_ins: false,
      enabled: true,
      state: 'active',
      disabled_reason: null,
    });
    expect(body.id).toMatch(/^con_/);
    expect(body.inbound_url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:8787/webhooks/connectors/${body.id}/[A-Za-z0-9_-]{20,}$`),
    );
    expect(body).not.toHaveProperty('credentials');
    const [row] = await env.deps.db.select().from(connectors).where(eq(connectors.id, body.id));
    expect(row.credentials).toMatch(/^v1\./);
    expect(row.credentials).not.toContain(brevo.apiKey);
    expect(row.inboundSecret).not.toContain(body.inbound_url.split('/').pop());

    const one = (await (await env.api('GET', `/v1/connectors/${body.id}`)).json()) as Record<string, unknown>;
    expect(one).toEqual(body);
    const list = (await (await env.api('GET', '/v1/connectors')).json()) as {
      connectors: Array<{ id: string }>;
    };
    expect(list.connectors.map((c) => c.id)).toContain(body.id);
  });

  it('changes name, settings, credentials and push_opt_ins; disabling and enabling show in the state', async () => {
    const c = await connect(env, brevoBody());
    const patch = await env.api('PATCH', `/v1/connectors/${c.id}`, {
      name: 'Renamed',
      push_opt_ins: true,
      credentials: { api_key: 'xkeysib-rotated-0000000000' },
      settings: { topics: { [news]: { list_id: 9 } } },
    });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({
      name: 'Renamed',
      push_opt_ins: true,
      settings: { topics: { [news]: { list_id: 9 } } },
    });
    const off = await env.api('PATCH', `/v1/connectors/${c.id}`, { enabled: false });
    expect(await off.json()).toMatchObject({ enabled: false, state: 'disabled', disabled_reason: 'staff' });
    const on = await env.api('PATCH', `/v1/connectors/${c.id}`, { enabled: true });
    expect(await on.json()).toMatchObject({ enabled: true, state: 'active', disabled_reason: null });
  });

  it('removes a connector: 204, then 404, and its inbound URL stops answering', async () => {
    const c = await connect(env, brevoBody());
    expect((await env.api('DELETE', `/v1/connectors/${c.id}`)).status).toBe(204);
    expect((await env.api('GET', `/v1/connectors/${c.id}`)).status).toBe(404);
    expect((await env.api('DELETE', `/v1/connectors/${c.id}`)).status).toBe(404);
    expect((await env.app.request(inboundPath(c))).status).toBe(404);
  });

  it('lists its activity newest first, with time, what and outcome, and pages', async () => {
    const c = await connect(env, brevoBody());
    for (let i = 0; i < 3; i++) {
      const p = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
      await oneClick(env, p.email, news);
    }
    const page = await eventually(async () => {
      const res = await env.api('GET', `/v1/connectors/${c.id}/activity?limit=2`);
      const body = (await res.json()) as {
        activity: Array<Record<string, unknown>>;
        next_cursor: string | null;
      };
      expect(body.activity).toHaveLength(2);
      expect(body.next_cursor).not.toBeNull();
      return body;
    });
    expect(page.activity[0]).toMatchObject({
      direction: 'push',
      what: `unsubscribe topic ${news}`,
      outcome: 'unknown member',
      at: expect.any(String),
    });
    expect((page.activity[0].id as number) > (page.activity[1].id as number)).toBe(true);
    const next = await env.api('GET', `/v1/connectors/${c.id}/activity?limit=2&cursor=${page.next_cursor}`);
    expect(((await next.json()) as { activity: unknown[] }).activity.length).toBeGreaterThanOrEqual(1);
  });
});

describe('refusals', () => {
  it.each([
    [{ type: 'sendgrid' }, 'type'],
    [{ settings: { topics: { news: { list_id: 'seven' } } } }, 'settings.topics.'],
    [{ credentials: {} }, 'credentials.api_key'],
    [{ credentials: { api_key: 'xkeysib-0123456789', extra: 'x' } }, 'credentials'],
    [{ name: '' }, 'name'],
  ])('refuses %j with a 400 that names the field', async (change, field) => {
    const res = await env.api('POST', '/v1/connectors', { ...brevoBody(), ...change });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('validation_failed');
    expect(error.message).toContain(field);
    expect(error.message).not.toContain('xkeysib');
  });

  it('refuses a Mailchimp key without its data centre suffix, without echoing it', async () => {
    const res = await env.api('POST', '/v1/connectors', {
      type: 'mailchimp',
      name: 'x',
      credentials: { api_key: '0123456789abcdef0123456789abcdef' },
      settings: { list_id: 'a', topics: {} },
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('-usNN');
    expect(text).not.toContain('0123456789abcdef0123456789abcdef');
  });

  it('refuses an api_base that breaks the target rules (https, no private addresses)', async () => {
    const strict = await createTestEnv();
    try {
      for (const api_base of [
        'http://api.example.com/v3',
        'https://127.0.0.1/v3',
        'https://169.254.169.254/v3',
      ]) {
        const res = await strict.api('POST', '/v1/connectors', { ...brevoBody(), api_base });
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({
          error: { code: 'validation_failed', details: [{ field: 'api_base' }] },
        });
      }
    } finally {
      strict.close();
    }
  });

  it('answers 503 without an encryption key: credentials are never stored plain', async () => {
    const keyless = await createTestEnv({
      env: { ENCRYPTION_KEY: '', SIGNING_KEYS, SUPPRESSION_HASH_KEY: SUPPRESSION_KEY },
    });
    try {
      const res = await keyless.api('POST', '/v1/connectors', brevoBody());
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        error: { code: 'service_unavailable', message: expect.stringContaining('ENCRYPTION_KEY') },
      });
    } finally {
      keyless.close();
    }
  });
});

describe('credentials', () => {
  it('appear in no response and no log line, whatever the tool does', async () => {
    const mc = await startMailchimpStandIn('feedfacefeedfacefeedfacefeedface-us7');
    const lp = await startLapostaStandIn('laposta-secret-key-987654');
    const rs = await startResendContactsStandIn('re_secret_key_abcdef123456');
    const secrets = [
      mc.apiKey,
      lp.apiKey,
      rs.apiKey,
      brevo.apiKey,
      'brevo-webhook-token-0123456789',
      'whsec_c2VjcmV0LXNpZ25pbmcta2V5LTAxMjM0NTY3',
    ];
    const bodies: string[] = [];
    const keep = async (res: Response) => {
      bodies.push(await res.clone().text());
      return res;
    };
    try {
      const made = [
        await keep(
          await env.api('POST', '/v1/connectors', {
            type: 'mailchimp',
            name: 'm',
            credentials: { api_key: mc.apiKey },
            api_base: mc.apiBase,
            settings: { list_id: 'a1', topics: { [news]: { interest_id: 'i1' } } },
          }),
        ),
        await keep(
          await env.api('POST', '/v1/connectors', {
            type: 'laposta',
            name: 'l',
            credentials: { api_key: lp.apiKey },
            api_base: lp.apiBase,
            settings: { topics: { [news]: { list_id: 'L' } } },
          }),
        ),
        await keep(
          await env.api('POST', '/v1/connectors', {
            type: 'resend',
            name: 'r',
            credentials: { api_key: rs.apiKey, webhook_secret: secrets[5] },
            api_base: rs.apiBase,
            settings: { topics: { [news]: { topic_id: 't' } } },
          }),
        ),
        await keep(await env.api('POST', '/v1/connectors', brevoBody())),
      ];
      const ids = await Promise.all(made.map(async (r) => ((await r.clone().json()) as { id: string }).id));
      // Pushes that succeed, fail and are refused (401), and an inbound call that is refused.
      mc.failNext({ status: 500 });
      lp.failNext({ status: 401, times: 3 });
      const p = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
      await oneClick(env, p.email, news);
      await eventually(() => expect(lp.calls.length).toBeGreaterThan(0));
      await eventually(() => expect(mc.calls.length).toBeGreaterThan(1));
      for (const id of ids) {
        await keep(await env.api('GET', `/v1/connectors/${id}`));
        await keep(await env.api('PATCH', `/v1/connectors/${id}`, { name: 'changed' }));
        await keep(await env.api('GET', `/v1/connectors/${id}/activity`));
        await keep(await env.api('POST', `/v1/connectors/${id}/sync`, { apply: false }));
      }
      await keep(await env.api('GET', '/v1/connectors'));
      await keep(
        await env.api('PATCH', `/v1/connectors/${ids[0]}`, { credentials: { api_key: 'not-a-key' } }),
      );
      const view = (await made[3].clone().json()) as { inbound_url: string };
      await keep(
        await env.app.request(new URL(view.inbound_url).pathname, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
          body: '{}',
        }),
      );
      const logged = JSON.stringify(logger.lines);
      expect(logger.lines.length).toBeGreaterThan(0);
      for (const secret of secrets) {
        for (const body of bodies) expect(body).not.toContain(secret);
        expect(logged).not.toContain(secret);
      }
    } finally {
      await mc.close();
      await lp.close();
      await rs.close();
    }
  });
});

describe('the activity log', () => {
  it('is kept for 30 days, like delivery records, and then removed by the retention job', async () => {
    const c = await connect(env, brevoBody());
    const now = env.clock.now().getTime();
    await logActivity(env.deps.db, new Date(now - 31 * 86_400_000), [
      { connectorId: c.id, direction: 'push', what: 'old', outcome: 'ok' },
    ]);
    await logActivity(env.deps.db, new Date(now - 29 * 86_400_000), [
      { connectorId: c.id, direction: 'push', what: 'recent', outcome: 'ok' },
    ]);
    await runRetentionJob(env.deps);
    const res = await env.api('GET', `/v1/connectors/${c.id}/activity`);
    const whats = ((await res.json()) as { activity: Array<{ what: string }> }).activity.map((a) => a.what);
    expect(whats).toEqual(['recent']);
  });
});
