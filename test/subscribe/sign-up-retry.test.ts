// A confirmation mail outlives a mail-provider outage: a send Resend could not take now keeps
// the sign-up due and tries again on a backoff, under the same idempotency key, until it goes
// or its attempts run out; a send Resend refuses for good is recorded at once. The consent
// trail gets one entry per sign-up, written when the outcome is known.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { domainContext } from '../../src/deps';
import { MAIL_NOT_SENT } from '../../src/domain/sign-up-delivery';
import {
  recordSignUpDue,
  SIGN_UP_MAX_ATTEMPTS,
  SIGN_UP_RETRY_AFTER_CAP_MS,
  SIGN_UP_RETRY_AFTER_MS,
  SIGN_UP_SEND_WITHIN_MS,
  SIGN_UP_SWEEP_AFTER_MS,
} from '../../src/domain/sign-ups-due';
import { startSignUpSweep, sweepSignUps } from '../../src/jobs/sign-ups';
import type { LogFields } from '../../src/logger';
import { createResendTransport } from '../../src/mail/resend';
import type { MailTransport } from '../../src/mail/transport';
import type { RunningServer } from '../../src/node/serve';
import { signedIn } from '../support/console';
import { type FakeResend, startFakeResend } from '../support/fake-resend';
import { createTestEnv, createTopic, startTestServer, type TestEnv, uniqueEmail } from '../support/harness';

let fake: FakeResend;
let env: TestEnv;
let server: RunningServer;
let news: string;
let logged: Array<{ level: string; msg: string; fields?: LogFields }>;
/** When each send reached the transport, in real milliseconds. */
let sentAt: number[];

beforeEach(async () => {
  fake = await startFakeResend();
  logged = [];
  sentAt = [];
  const capture = (level: string) => (msg: string, fields?: LogFields) => logged.push({ level, msg, fields });
  const resend = createResendTransport({ apiKey: fake.apiKey, baseUrl: fake.url, from: 'news@acme.example' });
  const timed: MailTransport = {
    send(mail) {
      sentAt.push(Date.now());
      return resend.send(mail);
    },
  };
  env = await createTestEnv({
    logger: {
      debug: capture('debug'),
      info: capture('info'),
      warn: capture('warn'),
      error: capture('error'),
    },
    mailer: timed,
  });
  server = await startTestServer(env);
  news = await createTopic(env);
});
afterEach(async () => {
  await server.close();
  await env.deferred.settled();
  env.close();
  await fake.close();
});

async function subscribe(email: string) {
  const res = await fetch(`${server.url}/v1/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.10' },
    body: JSON.stringify({ email, topics: [news], consent_text: 'Yes, send me the news.' }),
  });
  expect(res.status).toBe(202);
  await env.deferred.settled();
}

async function contact(email: string) {
  const res = await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`);
  return res.status === 200
    ? ((await res.json()) as {
        id: string;
        subscriptions: Record<string, string>;
        consent_trail: Array<Record<string, unknown>>;
      })
    : null;
}

async function dueRows() {
  const rows = await env.deps.db.$client.execute('select attempts, claimed_until from sign_ups_due');
  return rows.rows.map((r) => ({ attempts: Number(r.attempts), claimedUntil: Number(r.claimed_until) }));
}

/** The confirmation mails Resend was asked for (an erasure's receipt is another kind). */
const requestsTo = (email: string) =>
  fake.requests.filter((r) => {
    const body = r.body as { to?: string; tags?: Array<{ value: string }> };
    return r.path === '/emails' && body.to === email && body.tags?.[0]?.value === 'confirm';
  });

/** Moves the clock to the next attempt's time and sweeps, as the minute's timer would. */
async function sweepAfter(ms: number) {
  env.clock.advance(ms);
  return sweepSignUps(env.deps, { gapMs: 0 });
}

describe('a confirmation mail through a mail-provider outage', () => {
  it('an outage of four attempts, then recovery, delivers exactly one mail, under one key, with one trail entry', async () => {
    const email = uniqueEmail();
    // Each attempt is a send and its quick retry; four attempts fail.
    fake.failNext(503, 8);
    await subscribe(email);

    // The first attempt failed: the sign-up waits for the next, with nothing in the trail yet.
    expect(await dueRows()).toEqual([
      { attempts: 1, claimedUntil: env.clock.now().getTime() + SIGN_UP_RETRY_AFTER_MS[0] },
    ]);
    expect((await contact(email))?.consent_trail ?? []).toEqual([]);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'confirmation mail failed; it is tried again later',
        fields: expect.objectContaining({ attempt: 1, retryInMs: SIGN_UP_RETRY_AFTER_MS[0], status: 503 }),
      }),
    );

    for (let attempt = 2; attempt <= 4; attempt++) {
      const wait = SIGN_UP_RETRY_AFTER_MS[attempt - 2];
      // Not before its time: a sweep a second early leaves it alone.
      expect(await sweepAfter(wait - 1_000)).toMatchObject({ handled: 0, retrying: 0 });
      expect(await sweepAfter(1_000)).toMatchObject({ handled: 0, retrying: 1 });
      expect(await dueRows()).toMatchObject([{ attempts: attempt }]);
    }

    // Resend is back: the fifth attempt goes through.
    expect(await sweepAfter(SIGN_UP_RETRY_AFTER_MS[3])).toMatchObject({ handled: 1, retrying: 0 });
    expect(await dueRows()).toEqual([]);
    const requests = requestsTo(email);
    expect(requests).toHaveLength(9);
    expect(new Set(requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(fake.delivered.filter((m) => m.to === email)).toHaveLength(1);

    const c = await contact(email);
    expect(c?.subscriptions).toEqual({ [news]: 'pending' });
    expect(c?.consent_trail).toEqual([
      expect.objectContaining({
        action: 'request',
        wording: 'Yes, send me the news.',
        ip: '192.0.2.0',
        message_id: fake.delivered.find((m) => m.to === email)?.id,
        note: expect.stringMatching(/^confirmation mail sent at attempt 5 \(signed up at \d{4}-\d\d-\d\dT/),
      }),
    ]);
    // Counted once against the address's three mails a day.
    const counted = await env.deps.db.$client.execute(
      "select count from rate_limits where key like 'subscribe-mail:address:%'",
    );
    expect(counted.rows.map((r) => r.count)).toEqual([1]);
    expect(JSON.stringify(logged)).not.toContain(email);
  });

  it('a 422 is not retried: the sign-up is recorded as pending with the note, and the refusal is logged', async () => {
    const email = uniqueEmail();
    fake.failNext(422);
    await subscribe(email);
    expect(requestsTo(email)).toHaveLength(1);
    expect(await dueRows()).toEqual([]);
    const c = await contact(email);
    expect(c?.subscriptions).toEqual({ [news]: 'pending' });
    expect(c?.consent_trail).toEqual([
      expect.objectContaining({ action: 'request', message_id: null, note: MAIL_NOT_SENT }),
    ]);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'confirmation mail refused by the mail service; not retried',
        fields: expect.objectContaining({ status: 422, code: 'validation_error', attempt: 1 }),
      }),
    );
    // Later sweeps have nothing to send.
    expect(await sweepAfter(SIGN_UP_RETRY_AFTER_MS[0])).toMatchObject({ handled: 0, retrying: 0 });
    expect(requestsTo(email)).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toContain(email);
  });

  it(`a sign-up still failing at its ${SIGN_UP_MAX_ATTEMPTS}th attempt is recorded as pending with the note, for staff to see`, async () => {
    const email = uniqueEmail();
    fake.failNext(500, 2 * SIGN_UP_MAX_ATTEMPTS);
    await subscribe(email);
    for (const wait of SIGN_UP_RETRY_AFTER_MS.slice(0, -1)) {
      expect(await sweepAfter(wait)).toMatchObject({ retrying: 1 });
    }
    expect(await sweepAfter(SIGN_UP_RETRY_AFTER_MS.at(-1)!)).toMatchObject({ handled: 1, retrying: 0 });
    expect(requestsTo(email)).toHaveLength(2 * SIGN_UP_MAX_ATTEMPTS);
    expect(fake.delivered).toEqual([]);
    expect(await dueRows()).toEqual([]);

    const c = await contact(email);
    expect(c?.subscriptions).toEqual({ [news]: 'pending' });
    const note = `${MAIL_NOT_SENT} (signed up at ${new Date(
      env.clock.now().getTime() - SIGN_UP_RETRY_AFTER_MS.reduce((a, b) => a + b, 0),
    ).toISOString()}, ${SIGN_UP_MAX_ATTEMPTS} attempts)`;
    expect(c?.consent_trail).toEqual([
      expect.objectContaining({ action: 'request', message_id: null, note }),
    ]);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'confirmation mail given up after its last attempt',
        fields: expect.objectContaining({ attempt: SIGN_UP_MAX_ATTEMPTS, status: 500 }),
      }),
    );
    // The console's contact page shows the note with the entry.
    const staff = await signedIn(env, 'staff');
    const page = await env.app.request(`/admin/contacts/${c?.id}`, { headers: { cookie: staff.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`${MAIL_NOT_SENT} (signed up at`);

    // A new sign-up sends a fresh link.
    await subscribe(email);
    expect(fake.delivered.filter((m) => m.to === email)).toHaveLength(1);
  });

  it("a sign-up taken on past the provider's idempotency window is recorded with the note, not mailed", async () => {
    const email = uniqueEmail();
    await recordSignUpDue({
      ctx: domainContext(env.deps),
      input: { email, topics: [news], fallbackLocale: 'en', source: 'test' },
    });
    // The server was down for most of a day.
    expect(await sweepAfter(SIGN_UP_SEND_WITHIN_MS + 1)).toMatchObject({ handled: 1 });
    expect(fake.requests).toEqual([]);
    expect((await contact(email))?.consent_trail).toEqual([
      expect.objectContaining({
        message_id: null,
        note: expect.stringMatching(/^confirmation mail could not be sent \(/),
      }),
    ]);
  });

  it('erasing the address while it waits drops the sign-up: nothing is sent later', async () => {
    const email = uniqueEmail();
    fake.failNext(503, 2);
    await subscribe(email);
    expect(await dueRows()).toHaveLength(1);
    expect((await env.api('DELETE', `/v1/contacts/${encodeURIComponent(email)}`)).status).toBe(200);
    expect(await dueRows()).toEqual([]);
    expect(await sweepAfter(SIGN_UP_RETRY_AFTER_MS[0])).toMatchObject({ handled: 0, retrying: 0 });
    expect(requestsTo(email)).toHaveLength(2);
  });
});

describe('the dashboard, for staff', () => {
  /** The figure the dashboard shows after `label`, as text. */
  async function figure(cookie: string, label: string): Promise<string | undefined> {
    const page = await env.app.request('/admin', { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`<dt>${escaped}</dt>\\s*<dd>(.*?)</dd>`, 's').exec(html);
    return match?.[1].replace(/<[^>]+>/g, '').trim();
  }

  it('counts the sign-ups waiting for a confirmation mail retry and those given up today, and shows no address', async () => {
    const staff = await signedIn(env, 'staff');
    const waiting = 'Sign-ups waiting for their confirmation mail';
    const gaveUp = 'Confirmation mails given up today (UTC)';
    expect(await figure(staff.cookie, waiting)).toBe('0');
    expect(await figure(staff.cookie, gaveUp)).toBe('0');

    // One waits out an outage, one is refused for good.
    const outage = uniqueEmail();
    fake.failNext(503, 2);
    await subscribe(outage);
    const refused = uniqueEmail();
    fake.failNext(422);
    await subscribe(refused);
    expect(await figure(staff.cookie, waiting)).toBe('1');
    expect(await figure(staff.cookie, gaveUp)).toBe('1');
    const html = await (await env.app.request('/admin', { headers: { cookie: staff.cookie } })).text();
    expect(html).not.toContain(outage);
    expect(html).not.toContain(refused);
    // A given-up figure stands out.
    expect(html).toMatch(/<dd><strong class="overdue">1<\/strong><\/dd>/);

    // Its retry goes through: nothing waits any more, and a new day starts at nought.
    expect(await sweepAfter(SIGN_UP_RETRY_AFTER_MS[0])).toMatchObject({ handled: 1 });
    expect(await figure(staff.cookie, waiting)).toBe('0');
    env.clock.advance(24 * 3600_000);
    const next = await signedIn(env, 'staff');
    expect(await figure(next.cookie, gaveUp)).toBe('0');
  });

  it('counts a sign-up left behind for over a minute as waiting, and one still failing at its last attempt as given up', async () => {
    const staff = await signedIn(env, 'staff');
    await recordSignUpDue({
      ctx: domainContext(env.deps),
      input: { email: uniqueEmail(), topics: [news], fallbackLocale: 'en', source: 'test' },
    });
    // Its task after the answer may still be on it: not counted yet.
    expect(await figure(staff.cookie, 'Sign-ups waiting for their confirmation mail')).toBe('0');
    env.clock.advance(SIGN_UP_SWEEP_AFTER_MS);
    expect(await figure(staff.cookie, 'Sign-ups waiting for their confirmation mail')).toBe('1');

    fake.failNext(500, 2 * SIGN_UP_MAX_ATTEMPTS);
    expect(await sweepSignUps(env.deps, { gapMs: 0 })).toMatchObject({ retrying: 1 });
    for (const wait of SIGN_UP_RETRY_AFTER_MS.slice(0, -1)) await sweepAfter(wait);
    expect(await sweepAfter(SIGN_UP_RETRY_AFTER_MS.at(-1)!)).toMatchObject({ handled: 1 });
    const later = await signedIn(env, 'staff');
    expect(await figure(later.cookie, 'Sign-ups waiting for their confirmation mail')).toBe('0');
    expect(await figure(later.cookie, 'Confirmation mails given up today (UTC)')).toBe('1');
  });
});

describe("Resend's Retry-After", () => {
  it('a 429 asking for two minutes puts the next attempt off two minutes, past the one-minute step, with no quick retry', async () => {
    const email = uniqueEmail();
    fake.failNext(429, 1, { retryAfter: '120' });
    await subscribe(email);
    // Told to wait two minutes, the attempt does not knock again half a second later.
    expect(requestsTo(email)).toHaveLength(1);
    expect(await dueRows()).toEqual([{ attempts: 1, claimedUntil: env.clock.now().getTime() + 120_000 }]);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({ status: 429, retryInMs: 120_000, retryAfterMs: 120_000 }),
      }),
    );
    // The backoff's own step (a minute) has passed, Resend's two minutes have not.
    expect(await sweepAfter(SIGN_UP_RETRY_AFTER_MS[0])).toMatchObject({ handled: 0, retrying: 0 });
    expect(requestsTo(email)).toHaveLength(1);
    expect(await sweepAfter(120_000 - SIGN_UP_RETRY_AFTER_MS[0])).toMatchObject({ handled: 1 });
    expect(fake.delivered.filter((m) => m.to === email)).toHaveLength(1);
  });

  it('a 503 with an HTTP date is waited for until that time', async () => {
    const email = uniqueEmail();
    // The date is Resend's own clock, so it is read against the real one, not the test's; an
    // HTTP date has whole seconds, so the wait is known to lie between the real times around the send.
    const at = Math.ceil(Date.now() / 1000) * 1000 + 10 * 60_000;
    fake.failNext(503, 1, { retryAfter: new Date(at).toUTCString() });
    const before = Date.now();
    await subscribe(email);
    const after = Date.now();
    expect(requestsTo(email)).toHaveLength(1);
    const [row] = await dueRows();
    const wait = row.claimedUntil - env.clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(at - after);
    // The header is read in whole seconds, rounded up.
    expect(wait).toBeLessThanOrEqual(at - before + 1000);
    expect(await sweepAfter(SIGN_UP_RETRY_AFTER_MS[0])).toMatchObject({ handled: 0, retrying: 0 });
    expect(await sweepAfter(10 * 60_000)).toMatchObject({ handled: 1 });
  });

  it('a Retry-After of a day counts as an hour, so one odd header does not park the sign-up for its whole window', async () => {
    const email = uniqueEmail();
    fake.failNext(429, 1, { retryAfter: String(24 * 3600) });
    await subscribe(email);
    expect(await dueRows()).toEqual([
      { attempts: 1, claimedUntil: env.clock.now().getTime() + SIGN_UP_RETRY_AFTER_CAP_MS },
    ]);
    expect(await sweepAfter(SIGN_UP_RETRY_AFTER_CAP_MS)).toMatchObject({ handled: 1 });
  });

  it('a Retry-After shorter than the step leaves the step, and the quick retry waits the second Resend asks for', async () => {
    const email = uniqueEmail();
    // Resend's usual rate-limit answer: retry-after 1 (second).
    fake.failNext(429, 2);
    await subscribe(email);
    expect(sentAt).toHaveLength(2);
    // (A timer may fire a millisecond early by the wall clock.)
    expect(sentAt[1] - sentAt[0]).toBeGreaterThanOrEqual(990);
    expect(await dueRows()).toEqual([
      { attempts: 1, claimedUntil: env.clock.now().getTime() + SIGN_UP_RETRY_AFTER_MS[0] },
    ]);
  });

  it('the sweep stops at a 429 that names its wait, and the others keep their attempts', async () => {
    const ctx = domainContext(env.deps);
    for (let i = 0; i < 3; i++) {
      await recordSignUpDue({
        ctx,
        input: { email: uniqueEmail('backlog'), topics: [news], fallbackLocale: 'en', source: 'test' },
      });
    }
    fake.failNext(429, 1, { retryAfter: '300' });
    expect(await sweepAfter(SIGN_UP_SWEEP_AFTER_MS)).toEqual({
      handled: 0,
      retrying: 1,
      failed: 0,
      givenUp: 0,
    });
    expect(fake.requests).toHaveLength(1);
    const rows = await dueRows();
    expect(rows.map((r) => r.attempts).sort()).toEqual([0, 0, 1]);
    // Resend's five minutes hold every sign-up due, so the next minute's sweep asks nothing.
    const until = env.clock.now().getTime() + 300_000;
    expect(rows.map((r) => r.claimedUntil)).toEqual([until, until, until]);
    expect(await sweepAfter(SIGN_UP_RETRY_AFTER_MS[0])).toMatchObject({ handled: 0, retrying: 0 });
    expect(fake.requests).toHaveLength(1);
    expect(await sweepAfter(300_000 - SIGN_UP_RETRY_AFTER_MS[0])).toMatchObject({ handled: 3 });
    expect((await dueRows()).length).toBe(0);
  });
});

describe('the sweep after an outage', () => {
  /** Sign-ups left due, as an outage leaves them: their first attempt's wait is over. */
  async function backlog(n: number) {
    const ctx = domainContext(env.deps);
    for (let i = 0; i < n; i++) {
      await recordSignUpDue({
        ctx,
        input: { email: uniqueEmail('backlog'), topics: [news], fallbackLocale: 'en', source: 'test' },
      });
    }
    env.clock.advance(SIGN_UP_SWEEP_AFTER_MS);
  }

  it('sends at most its batch, one at a time and its gap apart, and leaves the rest for the next', async () => {
    await backlog(5);
    expect(await sweepSignUps(env.deps, { batch: 3, gapMs: 250 })).toMatchObject({ handled: 3 });
    expect(sentAt).toHaveLength(3);
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(250);
    expect(await dueRows()).toHaveLength(2);
    expect(await sweepSignUps(env.deps, { batch: 3, gapMs: 0 })).toMatchObject({ handled: 2 });
    expect(fake.delivered).toHaveLength(5);
  });

  it('stops at the first send that fails in a way worth retrying, so the rest keep their attempts', async () => {
    await backlog(4);
    fake.failNext(429, 2);
    expect(await sweepSignUps(env.deps, { gapMs: 0 })).toEqual({
      handled: 0,
      retrying: 1,
      failed: 0,
      givenUp: 0,
    });
    // One attempt (a send and its quick retry), not four.
    expect(fake.requests).toHaveLength(2);
    expect((await dueRows()).map((r) => r.attempts).sort()).toEqual([0, 0, 0, 1]);
    // The rest wait out the second Resend's 429 asked for (the stand-in's retry-after: 1).
    expect(await sweepSignUps(env.deps, { gapMs: 0 })).toMatchObject({ handled: 0, retrying: 0 });
    env.clock.advance(1000);
    expect(await sweepSignUps(env.deps, { gapMs: 0 })).toMatchObject({ handled: 3, retrying: 0 });
    expect(fake.delivered).toHaveLength(3);
  });

  it("a stopping server does not wait out the sweep's pacing: it ends after the send under way", async () => {
    await backlog(3);
    const stop = startSignUpSweep(env.deps, { gapMs: 30_000 });
    await vi.waitFor(() => expect(fake.delivered).toHaveLength(1));
    const stoppedAt = Date.now();
    stop();
    await env.deferred.settled();
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(fake.delivered).toHaveLength(1);
    expect(await dueRows()).toHaveLength(2);
  });
});
