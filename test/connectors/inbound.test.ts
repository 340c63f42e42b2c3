// The tools' own opt-outs reach mailprefs: every inbound event type of each tool becomes an
// opt-out or a suppression that stops presend, with the tool as the trail source. Inbound
// calls never opt anyone in, a replay changes nothing, a wrong secret answers 404, a forged
// signature or token 401, and the change is never pushed back to the tool that reported it.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventDeliveries } from '../../src/db/schema';
import { contactOf } from '../links/helpers';
import { type BrevoStandIn, startBrevoStandIn } from '../support/brevo-stand-in';
import {
  type ConnectorView,
  connect,
  createConnectorsEnv,
  inboundPath,
  presendSends,
} from '../support/connectors';
import { type EventsEnv, eventually } from '../support/events';
import { createContact, createTopic } from '../support/harness';
import { type MailchimpStandIn, startMailchimpStandIn, subscriberHash } from '../support/mailchimp-stand-in';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let env: EventsEnv;
let mc: MailchimpStandIn;
let brevoApi: BrevoStandIn;
let receiver: WebhookReceiver;
let news: string;
let events: string;
let mailchimp: ConnectorView;
let brevo: ConnectorView;
let laposta: ConnectorView;
let resend: ConnectorView;
const brevoToken = 'brevo-webhook-token-0123456789';
const resendSecret = `whsec_${randomBytes(24).toString('base64')}`;

beforeAll(async () => {
  env = await createConnectorsEnv();
  mc = await startMailchimpStandIn();
  brevoApi = await startBrevoStandIn();
  receiver = await startWebhookReceiver();
  news = await createTopic(env);
  events = await createTopic(env);
  mailchimp = await connect(env, {
    type: 'mailchimp',
    credentials: { api_key: mc.apiKey },
    api_base: mc.apiBase,
    settings: {
      list_id: 'aud1',
      topics: { [news]: { interest_id: 'int-news' }, [events]: { list_id: 'aud2' } },
    },
  });
  brevo = await connect(env, {
    type: 'brevo',
    credentials: { api_key: brevoApi.apiKey, webhook_token: brevoToken },
    api_base: brevoApi.apiBase,
    settings: { topics: { [news]: { list_id: 7 }, [events]: { list_id: 8 } } },
  });
  laposta = await connect(env, {
    type: 'laposta',
    credentials: { api_key: 'laposta-key-0123456789' },
    api_base: 'http://127.0.0.1:9/v2',
    settings: { topics: { [news]: { list_id: 'LNEWS' }, [events]: { list_id: 'LEVENTS' } } },
  });
  resend = await connect(env, {
    type: 'resend',
    credentials: { api_key: 're_test_0123456789', webhook_secret: resendSecret },
    api_base: 'http://127.0.0.1:9',
    settings: { topics: { [news]: { topic_id: 'tp-news' } } },
  });
});

afterAll(async () => {
  await mc.close();
  await brevoApi.close();
  await receiver.close();
  env.close();
});

const both = () => createContact(env, { subscriptions: { [news]: 'subscribed', [events]: 'subscribed' } });

function post(c: ConnectorView, body: string, headers: Record<string, string>, path = inboundPath(c)) {
  return env.app.request(path, { method: 'POST', headers, body });
}
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
const json = (value: unknown) => JSON.stringify(value);
const brevoHeaders = { 'content-type': 'application/json', authorization: `Bearer ${brevoToken}` };

async function reasons(email: string, topic: string) {
  const res = await env.api('POST', '/v1/presend', { topic, email });
  return (await res.json()) as { send: boolean; reason?: string };
}

describe('Mailchimp', () => {
  it('answers its URL check (a GET) with 200, and a wrong secret or id with 404', async () => {
    expect((await env.app.request(inboundPath(mailchimp))).status).toBe(200);
    const wrong = inboundPath(mailchimp).replace(/[^/]+$/, 'not-the-secret');
    expect((await env.app.request(wrong)).status).toBe(404);
    expect((await env.app.request('/webhooks/connectors/con_nope/x')).status).toBe(404);
  });

  it('an unsubscribe from the interests’ audience stops presend for its topics, with mailchimp as the trail source', async () => {
    const p = await both();
    const res = await post(
      mailchimp,
      form({ type: 'unsubscribe', 'data[email]': p.email, 'data[list_id]': 'aud1', 'data[action]': 'unsub' }),
      formHeaders,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, applied: 1, unchanged: 0, ignored: 0 });
    expect(await presendSends(env, p.email, news)).toBe(false);
    expect(await presendSends(env, p.email, events)).toBe(true);
    const trail = (await contactOf(env, p.email)).consent_trail;
    expect(trail.at(-1)).toMatchObject({ action: 'unsubscribe', topic: news, source: 'mailchimp' });
  });

  it('an unsubscribe from a whole-audience topic’s audience stops that topic', async () => {
    const p = await both();
    await post(
      mailchimp,
      form({ type: 'unsubscribe', 'data[email]': p.email, 'data[list_id]': 'aud2' }),
      formHeaders,
    );
    expect(await presendSends(env, p.email, events)).toBe(false);
    expect(await presendSends(env, p.email, news)).toBe(true);
  });

  it('cleaned suppresses the address: a bounce as bounced, abuse as complained', async () => {
    const bounced = await both();
    const abused = await both();
    await post(
      mailchimp,
      form({
        type: 'cleaned',
        'data[email]': bounced.email,
        'data[list_id]': 'aud1',
        'data[reason]': 'hard',
      }),
      formHeaders,
    );
    await post(
      mailchimp,
      form({
        type: 'cleaned',
        'data[email]': abused.email,
        'data[list_id]': 'aud1',
        'data[reason]': 'abuse',
      }),
      formHeaders,
    );
    expect(await reasons(bounced.email, news)).toMatchObject({ send: false, reason: 'bounced' });
    expect(await reasons(abused.email, events)).toMatchObject({ send: false, reason: 'complained' });
  });

  it('a profile update reads the member back and opts out of the interests turned off', async () => {
    const p = await both();
    mc.add('aud1', { email_address: p.email, interests: { 'int-news': false } });
    const res = await post(
      mailchimp,
      form({ type: 'profile', 'data[email]': p.email, 'data[list_id]': 'aud1' }),
      formHeaders,
    );
    expect(await res.json()).toMatchObject({ applied: 1 });
    expect(await presendSends(env, p.email, news)).toBe(false);
    expect(mc.handled.at(-1)?.method).toBe('GET');
  });

  it('upemail and subscribe change nothing: an inbound call never opts anyone in', async () => {
    const p = await createContact(env, { subscriptions: { [news]: 'unsubscribed' } });
    const before = (await contactOf(env, p.email)).consent_trail.length;
    for (const type of ['subscribe', 'upemail']) {
      const res = await post(
        mailchimp,
        form({ type, 'data[email]': p.email, 'data[new_email]': p.email, 'data[list_id]': 'aud1' }),
        formHeaders,
      );
      expect(await res.json()).toMatchObject({ applied: 0, ignored: 1 });
    }
    expect((await contactOf(env, p.email)).subscriptions[news]).toBe('unsubscribed');
    expect((await contactOf(env, p.email)).consent_trail).toHaveLength(before);
  });

  it('a replay changes nothing', async () => {
    const p = await both();
    const body = form({ type: 'unsubscribe', 'data[email]': p.email, 'data[list_id]': 'aud2' });
    await post(mailchimp, body, formHeaders);
    const trail = (await contactOf(env, p.email)).consent_trail.length;
    const again = await post(mailchimp, body, formHeaders);
    expect(await again.json()).toEqual({ received: true, applied: 0, unchanged: 1, ignored: 0 });
    expect((await contactOf(env, p.email)).consent_trail).toHaveLength(trail);
  });

  it('a forged call (a wrong secret) answers 404 and changes nothing', async () => {
    const p = await both();
    const wrong = inboundPath(mailchimp).replace(/[^/]+$/, 'forged-secret-value');
    const res = await post(
      mailchimp,
      form({ type: 'unsubscribe', 'data[email]': p.email, 'data[list_id]': 'aud1' }),
      formHeaders,
      wrong,
    );
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    expect(await presendSends(env, p.email, news)).toBe(true);
  });
});

describe('Brevo', () => {
  it('unsubscribed opts out of every mapped topic; hard_bounce and spam suppress', async () => {
    const out = await both();
    const bounce = await both();
    const spam = await both();
    const res = await post(
      brevo,
      json([
        { event: 'unsubscribed', email: out.email, list_id: [7] },
        { event: 'hard_bounce', email: bounce.email },
        { event: 'spam', email: spam.email },
      ]),
      brevoHeaders,
    );
    expect(await res.json()).toEqual({ received: true, applied: 3, unchanged: 0, ignored: 0 });
    expect(await presendSends(env, out.email, news)).toBe(false);
    expect(await presendSends(env, out.email, events)).toBe(false);
    expect(await reasons(bounce.email, news)).toMatchObject({ reason: 'bounced' });
    expect(await reasons(spam.email, news)).toMatchObject({ reason: 'complained' });
    expect((await contactOf(env, out.email)).consent_trail.at(-1)).toMatchObject({ source: 'brevo' });
  });

  // Brevo's documentation does not name a list-removal event; `list_removal` with `list_id` is
  // what the connector takes (see the stand-in's note).
  it('a removal from one list opts out of that list’s topic only', async () => {
    const p = await both();
    await post(brevo, json({ event: 'list_removal', email: p.email, list_id: [8] }), brevoHeaders);
    expect(await presendSends(env, p.email, events)).toBe(false);
    expect(await presendSends(env, p.email, news)).toBe(true);
  });

  it('a call without the connector’s bearer token is refused with 401 and changes nothing', async () => {
    const p = await both();
    for (const authorization of [undefined, 'Bearer not-the-token-000000000']) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization) headers.authorization = authorization;
      const res = await post(brevo, json({ event: 'unsubscribed', email: p.email }), headers);
      expect(res.status).toBe(401);
    }
    expect(await presendSends(env, p.email, news)).toBe(true);
  });
});

describe('Laposta', () => {
  it('a member deactivated in a list opts out of that list’s topic', async () => {
    const p = await both();
    const res = await post(
      laposta,
      json({
        data: [
          {
            type: 'member',
            event: 'deactivated',
            data: { list_id: 'LNEWS', email: p.email, state: 'unsubscribed' },
          },
        ],
        date_requested: '2026-12-01 12:00:00',
      }),
      { 'content-type': 'application/json' },
    );
    expect(await res.json()).toMatchObject({ applied: 1 });
    expect(await presendSends(env, p.email, news)).toBe(false);
    expect(await presendSends(env, p.email, events)).toBe(true);
  });

  it('subscribed and modified events are ignored', async () => {
    const p = await createContact(env, { subscriptions: { [news]: 'unsubscribed' } });
    const res = await post(
      laposta,
      json({
        data: ['subscribed', 'modified'].map((event) => ({
          type: 'member',
          event,
          data: { list_id: 'LNEWS', email: p.email, state: 'active' },
        })),
      }),
      { 'content-type': 'application/json' },
    );
    expect(await res.json()).toMatchObject({ applied: 0, ignored: 2 });
    expect((await contactOf(env, p.email)).subscriptions[news]).toBe('unsubscribed');
  });
});

describe('Resend', () => {
  const signed = (body: string, secret = resendSecret) => {
    const id = `msg_${randomBytes(6).toString('hex')}`;
    const at = new Date();
    const signature = new Webhook(secret).sign(id, at, body);
    return {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': signature,
    };
  };

  it('a signed contact.updated with unsubscribed opts out of the mapped topics', async () => {
    const p = await both();
    const body = json({
      type: 'contact.updated',
      created_at: new Date().toISOString(),
      data: { id: 'c1', email: p.email, unsubscribed: true },
    });
    const res = await post(resend, body, signed(body));
    expect(await res.json()).toMatchObject({ applied: 1 });
    expect(await presendSends(env, p.email, news)).toBe(false);
    expect((await contactOf(env, p.email)).consent_trail.at(-1)).toMatchObject({ source: 'resend' });
  });

  it('a forged signature answers 401 and changes nothing', async () => {
    const p = await both();
    const body = json({ type: 'contact.updated', data: { email: p.email, unsubscribed: true } });
    const forged = signed(body, `whsec_${randomBytes(24).toString('base64')}`);
    expect((await post(resend, body, forged)).status).toBe(401);
    expect((await post(resend, body, { 'content-type': 'application/json' })).status).toBe(401);
    expect(await presendSends(env, p.email, news)).toBe(true);
  });

  it('a contact.updated that is still subscribed changes nothing', async () => {
    const p = await both();
    const body = json({ type: 'contact.updated', data: { email: p.email, unsubscribed: false } });
    expect(await (await post(resend, body, signed(body))).json()).toMatchObject({ applied: 0, ignored: 1 });
  });
});

describe('where the change goes next', () => {
  it('produces our own outbound event, but never a push back to the connector that reported it', async () => {
    const { id: endpointId } = await env.register(receiver.url, { events: ['contact.unsubscribed'] });
    const p = await both();
    await post(
      mailchimp,
      form({ type: 'unsubscribe', 'data[email]': p.email, 'data[list_id]': 'aud2' }),
      formHeaders,
    );
    const [hook] = await receiver.waitFor(1);
    expect(hook.json).toMatchObject({
      type: 'contact.unsubscribed',
      data: { email: p.email, topic: events, source: 'mailchimp' },
    });
    const rows = await env.deps.db.select().from(eventDeliveries);
    const forEvent = rows.filter((r) => r.contactId === p.id);
    const targets = forEvent.map((r) => `${r.targetType}:${r.targetId}`).sort();
    expect(targets).toContain(`webhook:${endpointId}`);
    expect(targets).toContain(`connector:${brevo.id}`);
    expect(targets).not.toContain(`connector:${mailchimp.id}`);
    await eventually(() => expect(brevoApi.handled.some((c) => c.method === 'PUT')).toBe(true));
    await new Promise((r) => setTimeout(r, 200));
    expect(mc.calls.filter((c) => c.path.includes(subscriberHash(p.email)))).toEqual([]);
  });
});
