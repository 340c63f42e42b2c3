// What a mailing tool learns before it sends: one verdict per recipient, in request order,
// over real HTTP against a real libSQL file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/node/serve';
import {
  ADMIN_KEY,
  createContact,
  createKey,
  SUPPRESSION_KEY,
  startTestServer,
  type TestEnv,
} from '../support/harness';
import { emailHash } from '../support/hashes';
import {
  type BatchAnswer,
  contactWith,
  createTestEnv,
  createTopic,
  customer,
  suppressed,
  uniqueEmail,
  unsubscribedFromAll,
} from './fixtures';

let env: TestEnv;
let server: RunningServer;
let presendKey: string;

beforeAll(async () => {
  env = await createTestEnv();
  server = await startTestServer(env);
  presendKey = await createKey(env);
});
afterAll(async () => {
  await server.close();
  env.close();
});

async function presend(body: unknown, key = presendKey): Promise<Response> {
  return fetch(`${server.url}/v1/presend`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function verdicts(topic: string, recipients: string[]): Promise<BatchAnswer> {
  const res = await presend({ topic, recipients });
  expect(res.status).toBe(200);
  return (await res.json()) as BatchAnswer;
}

describe('a consent topic', () => {
  it('answers every case in one call, in request order, with the addresses as sent', async () => {
    const news = await createTopic(env, { basis: 'consent' });
    const optedIn = await contactWith(env, { [news]: 'subscribed' });
    const optedOut = await contactWith(env, { [news]: 'unsubscribed' });
    const pending = await contactWith(env, { [news]: 'pending' });
    const everything = await unsubscribedFromAll(env);
    const bounced = await suppressed(env, 'bounced', await contactWith(env, { [news]: 'subscribed' }));
    const complained = await suppressed(env, 'complained', await contactWith(env, { [news]: 'subscribed' }));
    const erased = await suppressed(env, 'erased');
    const stranger = uniqueEmail('stranger');
    const shouting = `  ${optedIn.toUpperCase()} `;

    const answer = await verdicts(news, [
      optedIn,
      optedOut,
      pending,
      everything,
      bounced,
      complained,
      erased,
      stranger,
      'not an address',
      shouting,
      optedOut,
    ]);

    expect(answer.topic).toBe(news);
    expect(answer.results).toEqual([
      { email: optedIn, send: true },
      { email: optedOut, send: false, reason: 'unsubscribed', scope: 'topic' },
      { email: pending, send: false, reason: 'pending_confirmation', scope: 'topic' },
      { email: everything, send: false, reason: 'unsubscribed_all', scope: 'all' },
      { email: bounced, send: false, reason: 'bounced', scope: 'all' },
      { email: complained, send: false, reason: 'complained', scope: 'all' },
      { email: erased, send: false, reason: 'erased', scope: 'all' },
      { email: stranger, send: false, reason: 'no_consent', scope: 'topic' },
      { email: 'not an address', send: false, reason: 'invalid_email', scope: 'all' },
      { email: shouting, send: true },
      { email: optedOut, send: false, reason: 'unsubscribed', scope: 'topic' },
    ]);
    expect(answer.counts).toEqual({
      total: 11,
      send: 2,
      suppressed: 9,
      by_reason: {
        unsubscribed: 2,
        pending_confirmation: 1,
        unsubscribed_all: 1,
        bounced: 1,
        complained: 1,
        erased: 1,
        no_consent: 1,
        invalid_email: 1,
      },
    });
  });

  it('does not clear a contact who opted in to a different topic only', async () => {
    const news = await createTopic(env);
    const events = await createTopic(env);
    const email = await contactWith(env, { [events]: 'subscribed' });
    const answer = await verdicts(news, [email]);
    expect(answer.results[0]).toEqual({ email, send: false, reason: 'no_consent', scope: 'topic' });
  });
});

describe('a legitimate-interest topic (soft opt-in for existing customers)', () => {
  // The test clock stands at 2026-01-15; SOFT_OPT_IN_MONTHS is 24 by default.
  it('clears customers who did not opt out and are not suppressed', async () => {
    const customers = await createTopic(env, { basis: 'legitimate_interest' });
    const current = await customer(env, '2019-06-01');
    const pending = await contactWith(env, { [customers]: 'pending' }, await customer(env, '2019-06-01'));
    const optedOut = await contactWith(
      env,
      { [customers]: 'unsubscribed' },
      await customer(env, '2019-06-01'),
    );
    const everything = await unsubscribedFromAll(env, await customer(env, '2019-06-01'));
    const bounced = await suppressed(env, 'bounced', await customer(env, '2019-06-01'));
    const complained = await suppressed(env, 'complained', await customer(env, '2019-06-01'));

    const answer = await verdicts(customers, [current, pending, optedOut, everything, bounced, complained]);
    expect(answer.results.map((r) => [r.send, r.reason])).toEqual([
      [true, undefined],
      [true, undefined],
      [false, 'unsubscribed'],
      [false, 'unsubscribed_all'],
      [false, 'bounced'],
      [false, 'complained'],
    ]);
  });

  it('answers no_relationship for unknown addresses and contacts who never were customers', async () => {
    const customers = await createTopic(env, { basis: 'legitimate_interest' });
    const unknown = uniqueEmail('unknown');
    const known = (await createContact(env)).email;
    // A subscription row on a legitimate-interest topic is no relationship either.
    const optedIn = await contactWith(env, { [customers]: 'subscribed' });
    const pending = await contactWith(env, { [customers]: 'pending' });
    const answer = await verdicts(customers, [unknown, known, optedIn, pending]);
    for (const result of answer.results)
      expect(result).toEqual({ email: result.email, send: false, reason: 'no_relationship', scope: 'topic' });
    expect(answer.counts).toEqual({ total: 4, send: 0, suppressed: 4, by_reason: { no_relationship: 4 } });
    const stats = await fetch(`${server.url}/v1/presend/stats`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    const counted = (await stats.json()) as { by_reason: Record<string, number> };
    expect(counted.by_reason.no_relationship).toBeGreaterThanOrEqual(4);
  });

  it('clears a former customer until SOFT_OPT_IN_MONTHS after the relationship ended', async () => {
    const customers = await createTopic(env, { basis: 'legitimate_interest' });
    const recent = await customer(env, '2019-06-01', '2025-12-31');
    const justInside = await customer(env, '2019-06-01', '2024-01-15');
    const justOutside = await customer(env, '2019-06-01', '2024-01-14');
    const endingLater = await customer(env, '2019-06-01', '2026-06-30');
    const answer = await verdicts(customers, [recent, justInside, justOutside, endingLater]);
    expect(answer.results.map((r) => r.reason ?? 'send')).toEqual([
      'send',
      'send',
      'no_relationship',
      'send',
    ]);
  });

  it('follows the clock: the window closes 24 months after the relationship ended', async () => {
    const customers = await createTopic(env, { basis: 'legitimate_interest' });
    const former = await customer(env, '2019-06-01', '2025-12-31');
    expect((await verdicts(customers, [former])).results[0].send).toBe(true);
    const now = env.clock.now();
    try {
      env.clock.set('2027-12-31T12:00:00Z');
      expect((await verdicts(customers, [former])).results[0].send).toBe(true);
      env.clock.set('2028-01-01T00:00:00Z');
      expect((await verdicts(customers, [former])).results[0]).toMatchObject({
        send: false,
        reason: 'no_relationship',
      });
    } finally {
      env.clock.set(now);
    }
  });

  it('a consent topic ignores the relationship: a customer still needs to opt in', async () => {
    const news = await createTopic(env, { basis: 'consent' });
    const current = await customer(env, '2019-06-01');
    expect((await verdicts(news, [current])).results[0]).toMatchObject({ send: false, reason: 'no_consent' });
  });
});

describe('promises', () => {
  it('a contact who unsubscribed from all topics is never cleared for any topic, even one created later', async () => {
    const before = await createTopic(env, { basis: 'legitimate_interest' });
    const email = await unsubscribedFromAll(env, await contactWith(env, { [before]: 'subscribed' }));
    const later = await createTopic(env, { basis: 'legitimate_interest' });
    for (const topic of [before, later]) {
      const answer = await verdicts(topic, [email]);
      expect(answer.results[0]).toMatchObject({ send: false, reason: 'unsubscribed_all', scope: 'all' });
    }
  });

  it('an erased address stays suppressed although the contact no longer exists', async () => {
    const topic = await createTopic(env, { basis: 'legitimate_interest' });
    const email = await suppressed(env, 'erased');
    const res = await fetch(`${server.url}/v1/contacts/${encodeURIComponent(email)}`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(res.status).toBe(404);
    expect((await verdicts(topic, [email.toUpperCase()])).results[0]).toMatchObject({
      send: false,
      reason: 'erased',
    });
  });

  it('the strongest reason wins: a bounced address that also opted out is reported as bounced', async () => {
    const topic = await createTopic(env);
    const email = await suppressed(env, 'bounced', await contactWith(env, { [topic]: 'unsubscribed' }));
    const both = await suppressed(env, 'complained', await suppressed(env, 'erased'));
    const answer = await verdicts(topic, [email, both]);
    expect(answer.results.map((r) => r.reason)).toEqual(['bounced', 'erased']);
  });

  it('a state this version does not know is never read as permission', async () => {
    const topic = await createTopic(env, { basis: 'legitimate_interest' });
    // Customers, so that only the odd state stands between them and a send.
    const paused = await contactWith(env, { [topic]: 'subscribed' }, await customer(env, '2019-06-01'));
    const oddlyListed = await contactWith(env, { [topic]: 'subscribed' }, await customer(env, '2019-06-01'));
    // Rows as a newer version (or a hand edit) might leave them; the schema does not stop it.
    const client = env.deps.db.$client;
    await client.execute({
      sql: "update subscriptions set status = 'paused' where topic_key = ? and contact_id = (select id from contacts where email = ?)",
      args: [topic, paused],
    });
    await client.execute({
      sql: "insert into suppressions (email_hash, reason, source, created_at) values (?, 'spam_trap', 'test', 0)",
      args: [emailHash(SUPPRESSION_KEY, oddlyListed)],
    });
    const answer = await verdicts(topic, [paused, oddlyListed]);
    expect(answer.results.map((r) => r.send)).toEqual([false, false]);
  });

  it('opting in again after "unsubscribe from everything" clears the contact for that topic', async () => {
    const topic = await createTopic(env);
    const email = await unsubscribedFromAll(env);
    await contactWith(env, { [topic]: 'subscribed' }, email);
    expect((await verdicts(topic, [email])).results[0]).toEqual({ email, send: true });
  });
});

describe('the single-recipient form', () => {
  it('answers one result object', async () => {
    const topic = await createTopic(env);
    const yes = await contactWith(env, { [topic]: 'subscribed' });
    const no = await contactWith(env, { [topic]: 'unsubscribed' });
    const first = await presend({ topic, email: yes });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ topic, email: yes, send: true });
    const second = await presend({ topic, email: no });
    expect(await second.json()).toEqual({
      topic,
      email: no,
      send: false,
      reason: 'unsubscribed',
      scope: 'topic',
    });
  });
});

describe('a full campaign', () => {
  it('answers 10,000 recipients in order, with no-store caching', async () => {
    const topic = await createTopic(env);
    const subscribed = await contactWith(env, { [topic]: 'subscribed' });
    const recipients = Array.from({ length: 10_000 }, (_, i) =>
      i % 1000 === 0 ? subscribed : `r${i}@example.nl`,
    );
    const res = await presend({ topic, recipients });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const answer = (await res.json()) as BatchAnswer;
    expect(answer.results.map((r) => r.email)).toEqual(recipients);
    expect(answer.counts).toMatchObject({ total: 10_000, send: 10, suppressed: 9_990 });
  });
});

describe('aggregate counters', () => {
  it('count calls and verdicts, and nothing about who', async () => {
    const res = await fetch(`${server.url}/v1/presend/stats`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(res.status).toBe(200);
    const stats = (await res.json()) as Record<string, unknown>;
    expect(stats.calls).toBeGreaterThan(0);
    expect(stats.recipients).toBeGreaterThanOrEqual(10_000);
    expect(JSON.stringify(stats)).not.toContain('@');
  });
});
