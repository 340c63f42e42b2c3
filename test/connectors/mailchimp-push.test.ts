// The push table for Mailchimp, against its stand-in: a topic opt-out turns that interest off
// (or unsubscribes the member from that topic's audience), an opt-out of everything, a bounce
// or a complaint unsubscribes the member in every mapped audience, an erasure deletes the
// member permanently, and a confirmed opt-in is pushed only with push_opt_ins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  confirmOptIn,
  connect,
  createConnectorsEnv,
  erase,
  oneClick,
  settledDeliveries,
  suppress,
} from '../support/connectors';
import { type EventsEnv, eventually } from '../support/events';
import { createContact, createTopic } from '../support/harness';
import { type MailchimpStandIn, startMailchimpStandIn, subscriberHash } from '../support/mailchimp-stand-in';

let env: EventsEnv;
let mc: MailchimpStandIn;
let news: string;
let events: string;
let connectorId: string;

beforeAll(async () => {
  env = await createConnectorsEnv();
  mc = await startMailchimpStandIn();
  news = await createTopic(env);
  events = await createTopic(env);
  const c = await connect(env, {
    type: 'mailchimp',
    credentials: { api_key: mc.apiKey },
    api_base: mc.apiBase,
    settings: {
      list_id: 'aud1',
      topics: { [news]: { interest_id: 'int-news' }, [events]: { list_id: 'aud2' } },
    },
  });
  connectorId = c.id;
});

afterAll(async () => {
  await mc.close();
  env.close();
});

async function person() {
  const p = await createContact(env, { subscriptions: { [news]: 'subscribed', [events]: 'subscribed' } });
  mc.add('aud1', { email_address: p.email, interests: { 'int-news': true } });
  mc.add('aud2', { email_address: p.email });
  return p;
}

describe('mailprefs to Mailchimp', () => {
  it('a one-click unsubscribe of an interest topic PATCHes that interest to false, addressed by MD5, with basic auth', async () => {
    const p = await person();
    await oneClick(env, p.email, news);
    await eventually(() => expect(mc.member('aud1', p.email)?.interests['int-news']).toBe(false));
    const call = mc.handled.find((c) => c.method === 'PATCH' && c.path.endsWith(subscriberHash(p.email)));
    expect(call?.path).toBe(`/3.0/lists/aud1/members/${subscriberHash(p.email)}`);
    expect(call?.body).toEqual({ interests: { 'int-news': false } });
    expect(call?.headers.authorization).toMatch(/^Basic /);
    expect(mc.member('aud1', p.email)?.status).toBe('subscribed');
    expect(mc.member('aud2', p.email)?.status).toBe('subscribed');
  });

  it('a one-click unsubscribe of an audience topic unsubscribes the member in that audience only', async () => {
    const p = await person();
    await oneClick(env, p.email, events);
    await eventually(() => expect(mc.member('aud2', p.email)?.status).toBe('unsubscribed'));
    expect(mc.member('aud1', p.email)?.status).toBe('subscribed');
  });

  it('an unsubscribe from everything unsubscribes the member in every mapped audience', async () => {
    const p = await person();
    await oneClick(env, p.email, null);
    await eventually(() => {
      expect(mc.member('aud1', p.email)?.status).toBe('unsubscribed');
      expect(mc.member('aud2', p.email)?.status).toBe('unsubscribed');
    });
  });

  it('a bounce or a complaint unsubscribes the member in every mapped audience', async () => {
    for (const reason of ['bounced', 'complained'] as const) {
      const p = await person();
      await suppress(env, p.email, reason);
      await eventually(() => {
        expect(mc.member('aud1', p.email)?.status).toBe('unsubscribed');
        expect(mc.member('aud2', p.email)?.status).toBe('unsubscribed');
      });
    }
  });

  it('a confirmed opt-in is not pushed without push_opt_ins: nothing is subscribed there', async () => {
    const p = await createContact(env);
    const before = mc.handled.length;
    await confirmOptIn(env, p.email, news);
    await new Promise((r) => setTimeout(r, 300));
    expect(mc.handled.slice(before).filter((c) => c.method === 'PUT')).toEqual([]);
    expect(mc.member('aud1', p.email)).toBeUndefined();
  });

  it('an erasure deletes the member permanently from every mapped audience', async () => {
    const p = await person();
    await erase(env, p.email);
    await eventually(() => {
      expect(mc.member('aud1', p.email)).toBeUndefined();
      expect(mc.member('aud2', p.email)).toBeUndefined();
    });
    const deletes = mc.handled.filter((c) =>
      c.path.endsWith(`${subscriberHash(p.email)}/actions/delete-permanent`),
    );
    expect(deletes.map((c) => c.method)).toEqual(['POST', 'POST']);
  });

  it('an unknown member is not an error for an opt-out: the delivery is delivered', async () => {
    const p = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    await oneClick(env, p.email, news);
    const rows = await settledDeliveries(env, connectorId);
    expect(rows.every((r) => r.status === 'delivered')).toBe(true);
  });
});
