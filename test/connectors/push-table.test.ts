// The push table for Brevo, Laposta and Resend against their stand-ins, and the opt-in row for
// all four tools: a one-click topic opt-out, an opt-out of everything, a bounce, an erasure,
// and a confirmed double opt-in that is pushed only with push_opt_ins. Each tool's request is
// checked as its API expects it (path, auth header, body).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrevoStandIn, startBrevoStandIn } from '../support/brevo-stand-in';
import {
  activityOf,
  confirmOptIn,
  connect,
  createConnectorsEnv,
  erase,
  oneClick,
  suppress,
} from '../support/connectors';
import { type EventsEnv, eventually } from '../support/events';
import { createContact, createTopic } from '../support/harness';
import { type LapostaStandIn, startLapostaStandIn } from '../support/laposta-stand-in';
import { startMailchimpStandIn } from '../support/mailchimp-stand-in';
import { type ResendContactsStandIn, startResendContactsStandIn } from '../support/resend-contacts-stand-in';

let env: EventsEnv;
let news: string;
let events: string;
let brevo: BrevoStandIn;
let laposta: LapostaStandIn;
let resend: ResendContactsStandIn;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  env = await createConnectorsEnv();
  news = await createTopic(env);
  events = await createTopic(env);
  brevo = await startBrevoStandIn();
  laposta = await startLapostaStandIn();
  resend = await startResendContactsStandIn();
  closers.push(brevo.close, laposta.close, resend.close);
  await connect(env, {
    type: 'brevo',
    credentials: { api_key: brevo.apiKey },
    api_base: brevo.apiBase,
    settings: { topics: { [news]: { list_id: 7 }, [events]: { list_id: 8 } } },
  });
  await connect(env, {
    type: 'laposta',
    credentials: { api_key: laposta.apiKey },
    api_base: laposta.apiBase,
    settings: { topics: { [news]: { list_id: 'LNEWS' }, [events]: { list_id: 'LEVENTS' } } },
  });
  await connect(env, {
    type: 'resend',
    credentials: { api_key: resend.apiKey },
    api_base: resend.apiBase,
    settings: { topics: { [news]: { topic_id: 'tp-news' }, [events]: { topic_id: 'tp-events' } } },
  });
});

afterAll(async () => {
  for (const close of closers) await close();
  env.close();
});

async function person() {
  const p = await createContact(env, { subscriptions: { [news]: 'subscribed', [events]: 'subscribed' } });
  brevo.add({ email: p.email, listIds: [7, 8] });
  laposta.add('LNEWS', { email: p.email });
  laposta.add('LEVENTS', { email: p.email });
  resend.add({ email: p.email, topics: { 'tp-news': 'opt_in', 'tp-events': 'opt_in' } });
  return p;
}

describe('one topic unsubscribed', () => {
  it('Brevo unlinks that list, Laposta unsubscribes that list’s member, Resend opts out of that topic', async () => {
    const p = await person();
    await oneClick(env, p.email, news);
    await eventually(() => {
      expect(brevo.contacts.get(p.email)).toMatchObject({ listIds: [8], emailBlacklisted: false });
      expect(laposta.member('LNEWS', p.email)?.state).toBe('unsubscribed');
      expect(resend.contact(p.email)?.topics).toEqual({ 'tp-news': 'opt_out', 'tp-events': 'opt_in' });
    });
    expect(laposta.member('LEVENTS', p.email)?.state).toBe('active');
    expect(resend.contact(p.email)?.unsubscribed).toBe(false);

    const brevoCall = brevo.handled.find((c) => c.method === 'PUT' && c.path === `/v3/contacts/${p.email}`);
    expect(brevoCall?.headers['api-key']).toBe(brevo.apiKey);
    expect(brevoCall?.body).toEqual({ unlinkListIds: [7] });
    const lapostaCall = laposta.handled.find(
      (c) => c.method === 'POST' && c.path === `/v2/member/${p.email}`,
    );
    expect(lapostaCall?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(lapostaCall?.body).toEqual({ list_id: 'LNEWS', state: 'unsubscribed' });
    expect(lapostaCall?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${laposta.apiKey}:`).toString('base64')}`,
    );
    const resendCall = resend.handled.find(
      (c) => c.method === 'PATCH' && c.path === `/contacts/${p.email}/topics`,
    );
    expect(resendCall?.headers.authorization).toBe(`Bearer ${resend.apiKey}`);
    expect(resendCall?.body).toEqual([{ id: 'tp-news', subscription: 'opt_out' }]);
  });
});

describe('everything unsubscribed, bounced or complained', () => {
  it('Brevo blocklists the contact, Laposta unsubscribes every mapped list, Resend unsubscribes the contact', async () => {
    for (const step of ['everything', 'bounced', 'complained'] as const) {
      const p = await person();
      if (step === 'everything') await oneClick(env, p.email, null);
      else await suppress(env, p.email, step);
      await eventually(() => {
        expect(brevo.contacts.get(p.email)?.emailBlacklisted).toBe(true);
        expect(laposta.member('LNEWS', p.email)?.state).toBe('unsubscribed');
        expect(laposta.member('LEVENTS', p.email)?.state).toBe('unsubscribed');
        expect(resend.contact(p.email)?.unsubscribed).toBe(true);
      });
    }
  });
});

describe('erased', () => {
  it('Brevo deletes the contact, Laposta deletes the member from every list, Resend deletes the contact', async () => {
    const p = await person();
    await erase(env, p.email);
    await eventually(() => {
      expect(brevo.contacts.has(p.email)).toBe(false);
      expect(laposta.member('LNEWS', p.email)).toBeUndefined();
      expect(laposta.member('LEVENTS', p.email)).toBeUndefined();
      expect(resend.contact(p.email)).toBeUndefined();
    });
    expect(brevo.handled.some((c) => c.method === 'DELETE' && c.path === `/v3/contacts/${p.email}`)).toBe(
      true,
    );
    expect(resend.handled.some((c) => c.method === 'DELETE' && c.path === `/contacts/${p.email}`)).toBe(true);
  });
});

// Laposta's documentation does not say which status an unknown member gets; its stand-in
// answers 404, which the connector reads as unknown.
describe('an unknown member', () => {
  it('is not an error for an opt-out: each tool’s delivery is delivered and the activity says unknown member', async () => {
    const p = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    await oneClick(env, p.email, news);
    const list = (await (await env.api('GET', '/v1/connectors')).json()) as {
      connectors: Array<{ id: string }>;
    };
    for (const c of list.connectors) {
      await eventually(async () => {
        const outcomes = (await activityOf(env, c.id)).map((a) => a.outcome);
        expect(outcomes).toContain('unknown member');
      });
    }
  });
});

describe('a confirmed opt-in', () => {
  it('is pushed only with push_opt_ins: added as subscribed or active, or opted in to the topic', async () => {
    const isolated = await createConnectorsEnv();
    const topic = await createTopic(isolated);
    const mc = await startMailchimpStandIn();
    const b = await startBrevoStandIn();
    const l = await startLapostaStandIn();
    const r = await startResendContactsStandIn();
    try {
      const on = { push_opt_ins: true };
      await connect(isolated, {
        type: 'mailchimp',
        ...on,
        credentials: { api_key: mc.apiKey },
        api_base: mc.apiBase,
        settings: { list_id: 'aud1', topics: { [topic]: { interest_id: 'int1' } } },
      });
      await connect(isolated, {
        type: 'brevo',
        ...on,
        credentials: { api_key: b.apiKey },
        api_base: b.apiBase,
        settings: { topics: { [topic]: { list_id: 3 } } },
      });
      await connect(isolated, {
        type: 'laposta',
        ...on,
        credentials: { api_key: l.apiKey },
        api_base: l.apiBase,
        settings: { topics: { [topic]: { list_id: 'L1' } } },
      });
      await connect(isolated, {
        type: 'resend',
        ...on,
        credentials: { api_key: r.apiKey },
        api_base: r.apiBase,
        settings: { topics: { [topic]: { topic_id: 't1' } } },
      });
      const p = await createContact(isolated);
      await confirmOptIn(isolated, p.email, topic);
      await eventually(() => {
        expect(mc.member('aud1', p.email)).toMatchObject({ status: 'subscribed', interests: { int1: true } });
        expect(b.contacts.get(p.email)?.listIds).toEqual([3]);
        expect(l.member('L1', p.email)?.state).toBe('active');
        expect(r.contact(p.email)?.topics).toEqual({ t1: 'opt_in' });
      });
      // A direct opt-in by staff (not a confirmed consent) is never pushed.
      const staff = await createContact(isolated, { subscriptions: { [topic]: 'subscribed' } });
      await new Promise((done) => setTimeout(done, 300));
      expect(mc.member('aud1', staff.email)).toBeUndefined();
      expect(b.contacts.has(staff.email)).toBe(false);
    } finally {
      for (const s of [mc, b, l, r]) await s.close();
      isolated.close();
    }
  });
});
