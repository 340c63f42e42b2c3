// How pushes behave when a tool pushes back: a 429 is retried no sooner than its Retry-After,
// or on the outbox schedule without one; Mailchimp never sees more than 10 connections at
// once; a 5xx is retried; a 401 or a 403 stops the connector and says so.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordEvents } from '../../src/domain/events';
import { startBrevoStandIn } from '../support/brevo-stand-in';
import { connect, createConnectorsEnv, oneClick, settledDeliveries } from '../support/connectors';
import { attemptsOf, capturingLogger, type EventsEnv, eventually } from '../support/events';
import { createContact, createTopic } from '../support/harness';
import { type MailchimpStandIn, startMailchimpStandIn } from '../support/mailchimp-stand-in';
import { type ResendContactsStandIn, startResendContactsStandIn } from '../support/resend-contacts-stand-in';

let env: EventsEnv;
let logger: ReturnType<typeof capturingLogger>;
let mc: MailchimpStandIn;
let news: string;
let connectorId: string;

beforeEach(async () => {
  logger = capturingLogger();
  env = await createConnectorsEnv({ logger });
  mc = await startMailchimpStandIn();
  news = await createTopic(env);
  connectorId = (
    await connect(env, {
      type: 'mailchimp',
      credentials: { api_key: mc.apiKey },
      api_base: mc.apiBase,
      settings: { list_id: 'aud1', topics: { [news]: { interest_id: 'int1' } } },
    })
  ).id;
});

afterEach(async () => {
  await mc.close();
  env.close();
});

async function unsubscribedMember() {
  const p = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
  mc.add('aud1', { email_address: p.email, interests: { int1: true } });
  return p;
}

describe('rate limits', () => {
  it('a 429 with Retry-After is tried again no sooner than it says', async () => {
    mc.failNext({ status: 429, headers: { 'retry-after': '2' }, body: { title: 'Too Many Requests' } });
    const p = await unsubscribedMember();
    await oneClick(env, p.email, news);
    const [delivery] = await settledDeliveries(env, connectorId, 10_000);
    expect(delivery.status).toBe('delivered');
    const attempts = await attemptsOf(env, delivery.id);
    expect(attempts.map((a) => a.statusCode)).toEqual([429, null]);
    expect(attempts[1].attemptedAt.getTime() - attempts[0].attemptedAt.getTime()).toBeGreaterThanOrEqual(
      1900,
    );
    expect(mc.member('aud1', p.email)?.interests.int1).toBe(false);
  });

  // Mailchimp documents no Retry-After on its concurrency 429, so this is its usual case.
  it('a 429 without Retry-After is tried again on the outbox schedule', async () => {
    mc.failNext({ status: 429, body: { title: 'Too Many Requests' } });
    const p = await unsubscribedMember();
    await oneClick(env, p.email, news);
    const [delivery] = await settledDeliveries(env, connectorId, 10_000);
    const attempts = await attemptsOf(env, delivery.id);
    expect(attempts.map((a) => [a.statusCode, a.error])).toEqual([
      [429, 'HTTP 429'],
      [null, null],
    ]);
    // WEBHOOK_RETRY_SCHEDULE is 0,1,1 in these tests: the second attempt comes about a second later.
    const gap = attempts[1].attemptedAt.getTime() - attempts[0].attemptedAt.getTime();
    expect(gap).toBeGreaterThanOrEqual(900);
    expect(gap).toBeLessThan(1900);
  });

  it('Brevo’s x-sib-ratelimit-reset counts as its Retry-After', async () => {
    const brevo = await startBrevoStandIn();
    try {
      const c = await connect(env, {
        type: 'brevo',
        credentials: { api_key: brevo.apiKey },
        api_base: brevo.apiBase,
        settings: { topics: { [news]: { list_id: 7 } } },
      });
      brevo.failNext({
        status: 429,
        headers: { 'x-sib-ratelimit-reset': '2' },
        body: { code: 'too_many_requests' },
      });
      const p = await unsubscribedMember();
      brevo.add({ email: p.email, listIds: [7] });
      await oneClick(env, p.email, news);
      const [delivery] = await settledDeliveries(env, c.id, 10_000);
      const attempts = await attemptsOf(env, delivery.id);
      expect(attempts.map((a) => a.statusCode)).toEqual([429, null]);
      expect(attempts[1].attemptedAt.getTime() - attempts[0].attemptedAt.getTime()).toBeGreaterThanOrEqual(
        1900,
      );
      expect(brevo.contacts.get(p.email)?.listIds).toEqual([]);
    } finally {
      await brevo.close();
    }
  });

  it('Mailchimp never gets more than 10 connections at once, however many pushes are due', async () => {
    mc.delay(150);
    const people: Array<{ id: string; email: string }> = [];
    for (let i = 0; i < 30; i++) people.push(await unsubscribedMember());
    await env.deps.db.transaction((tx) =>
      recordEvents(
        tx,
        people.map((p) => ({
          type: 'contact.unsubscribed' as const,
          at: env.clock.now(),
          data: { contact_id: p.id, email: p.email, topic: news, source: 'test' },
        })),
      ),
    );
    await eventually(() => {
      for (const p of people) expect(mc.member('aud1', p.email)?.interests.int1).toBe(false);
    }, 15_000);
    expect(mc.maxInFlight()).toBeLessThanOrEqual(10);
    expect(mc.maxInFlight()).toBeGreaterThan(1);
    expect(mc.calls.some((c) => c.method === 'PATCH')).toBe(true);
  });
});

describe('server errors', () => {
  it('a 5xx is retried on the outbox schedule until the tool takes it', async () => {
    mc.failNext({ status: 503, times: 2, body: { title: 'Service Unavailable' } });
    const p = await unsubscribedMember();
    await oneClick(env, p.email, news);
    const [delivery] = await settledDeliveries(env, connectorId, 10_000);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3 });
    expect((await attemptsOf(env, delivery.id)).map((a) => a.statusCode)).toEqual([503, 503, null]);
  });
});

describe('refused credentials', () => {
  it('a 401 stops the connector: disabled as unauthorized, in GET and in the log', async () => {
    mc.failNext({ status: 401, times: 5, body: { title: 'API Key Invalid' } });
    const p = await unsubscribedMember();
    await oneClick(env, p.email, news);
    const [delivery] = await settledDeliveries(env, connectorId);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
    const view = (await (await env.api('GET', `/v1/connectors/${connectorId}`)).json()) as Record<
      string,
      unknown
    >;
    expect(view).toMatchObject({ enabled: false, state: 'disabled', disabled_reason: 'unauthorized' });
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        msg: 'connector disabled',
        fields: expect.objectContaining({ connectorId }),
      }),
    );
    // A later change is not sent to a disabled connector; enabling it again resumes pushes.
    const calls = mc.calls.length;
    await oneClick(env, (await unsubscribedMember()).email, news);
    await new Promise((r) => setTimeout(r, 300));
    expect(mc.calls.length).toBe(calls);
    const enabled = await env.api('PATCH', `/v1/connectors/${connectorId}`, { enabled: true });
    expect(((await enabled.json()) as { state: string }).state).toBe('active');
  });

  it('a 403 (Resend’s answer to a wrong key) stops the connector too', async () => {
    const resend: ResendContactsStandIn = await startResendContactsStandIn();
    try {
      const c = await connect(env, {
        type: 'resend',
        credentials: { api_key: 're_wrong_key_000000' },
        api_base: resend.apiBase,
        settings: { topics: { [news]: { topic_id: 't1' } } },
      });
      const p = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
      await oneClick(env, p.email, news);
      await eventually(async () => {
        const view = (await (await env.api('GET', `/v1/connectors/${c.id}`)).json()) as Record<
          string,
          unknown
        >;
        expect(view).toMatchObject({ enabled: false, disabled_reason: 'unauthorized' });
      });
      expect(resend.calls.at(-1)?.headers.authorization).toBe('Bearer re_wrong_key_000000');
    } finally {
      await resend.close();
    }
  });
});
