// Pausing all mail: presend answers `paused` until the date and mails again after it without
// any job, a person can resume early, and the trail and the outbound events record both.
import { asc, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEvents } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { consentTrail } from '../../src/domain/consent';
import { monthsAfter, pauseMail, resumeMail } from '../../src/domain/pause';
import { presendReason, presendVerdicts, reasonFor } from '../../src/domain/presend';
import { createContact, createTestEnv, createTopic, type TestEnv } from '../support/harness';

let env: TestEnv;
let news: string;
beforeAll(async () => {
  // A clock that moves only when a test moves it; an endpoint, so events are recorded.
  env = await createTestEnv({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
  const res = await env.api('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hook' });
  expect(res.status).toBe(201);
  news = await createTopic(env);
});
afterAll(() => env.close());

const consent = { source: 'preference-center', tokenId: 't_pause-test' };
const ctx = () => domainContext(env.deps);

async function verdict(email: string, topic = news) {
  const deps = {
    db: env.deps.db,
    reader: env.deps.presendReader,
    clock: env.clock,
    softOptInMonths: env.config.softOptInMonths,
  };
  const { results } = await presendVerdicts(deps, { topic, recipients: [email] });
  return results[0];
}

// Through the trail's reader: the wording is stored once, apart from the rows (migration 0014).
function trailOf(contactId: string) {
  return consentTrail({ ctx: domainContext(env.deps), input: { contactId } });
}

async function eventsSince(id: number) {
  const rows = await env.deps.db
    .select()
    .from(outboxEvents)
    .where(gt(outboxEvents.id, id))
    .orderBy(asc(outboxEvents.id));
  return rows.map((r) => ({ type: r.type, data: (r.payload as { data: Record<string, unknown> }).data }));
}

async function lastEventId() {
  const rows = await env.deps.db.select({ id: outboxEvents.id }).from(outboxEvents);
  return rows.reduce((max, r) => Math.max(max, r.id), 0);
}

describe('pause all mail', () => {
  it('presend answers paused for every topic until the date, then mails again by itself', async () => {
    env.clock.set('2026-01-31T09:30:00.000Z');
    const events = await createTopic(env);
    const { id, email } = await createContact(env, {
      subscriptions: { [news]: 'subscribed', [events]: 'subscribed' },
    });
    expect(await verdict(email)).toEqual({ email, send: true });

    const until = await pauseMail({ ctx: ctx(), input: { contactId: id, months: 1, consent } });
    // 31 January + 1 month is the last day of February, at the same time of day.
    expect(until.toISOString()).toBe('2026-02-28T09:30:00.000Z');
    expect(await verdict(email)).toEqual({ email, send: false, reason: 'paused', scope: 'all' });
    expect(await verdict(email, events)).toMatchObject({ send: false, reason: 'paused' });

    env.clock.set('2026-02-28T09:29:59.999Z');
    expect(await verdict(email)).toMatchObject({ send: false, reason: 'paused' });
    // The moment the pause ends, nothing has to clear it: presend compares the date.
    env.clock.set(until);
    expect(await verdict(email)).toEqual({ email, send: true });
    expect(await verdict(email, events)).toEqual({ email, send: true });
  });

  it('keeps every choice: a stronger reason is still given, and a pause never clears anyone', async () => {
    env.clock.set('2026-03-01T08:00:00.000Z');
    const { id, email } = await createContact(env, { subscriptions: { [news]: 'unsubscribed' } });
    await pauseMail({ ctx: ctx(), input: { contactId: id, months: 3, consent } });
    expect(await verdict(email)).toMatchObject({ send: false, reason: 'unsubscribed', scope: 'topic' });
    const other = await createTopic(env);
    expect(await verdict(email, other)).toMatchObject({ send: false, reason: 'no_consent' });
    // The rule on plain facts: paused only when it is all that stops the mail.
    const subscribed = { suppressed: null, unsubscribedAll: false, status: 'subscribed' } as const;
    expect(reasonFor(subscribed, 'consent', false, true)).toBe('paused');
    expect(reasonFor({ ...subscribed, suppressed: 'bounced' }, 'consent', false, true)).toBe('bounced');
    expect(reasonFor(subscribed, 'legitimate_interest', false, true)).toBe('no_relationship');
    expect(reasonFor(subscribed, 'legitimate_interest', true, true)).toBe('paused');
    const now = new Date('2026-03-01T08:00:00.000Z');
    const facts = {
      basis: 'consent',
      status: 'subscribed',
      unsubscribedAll: false,
      customerSince: null,
      customerUntil: null,
    } as const;
    expect(presendReason({ ...facts, pausedUntil: new Date(now.getTime() + 1) }, { now, months: 24 })).toBe(
      'paused',
    );
    expect(presendReason({ ...facts, pausedUntil: now }, { now, months: 24 })).toBeNull();
  });

  it('resuming early mails again at once, and the trail and the events record pause and resume', async () => {
    env.clock.set('2026-04-10T12:00:00.000Z');
    const { id, email } = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    const before = await lastEventId();
    const until = await pauseMail({
      ctx: ctx(),
      input: {
        contactId: id,
        months: 6,
        consent: { ...consent, campaign: 'spring' },
        wordingFor: (d) => `Pause until ${d.toISOString()}`,
      },
    });
    expect(until.toISOString()).toBe('2026-10-10T12:00:00.000Z');
    const shown = await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}/export`)).json();
    expect(shown.contact.paused_until).toBe('2026-10-10T12:00:00.000Z');
    env.clock.advance(60_000);
    expect(await resumeMail({ ctx: ctx(), input: { contactId: id, consent } })).toBe(true);
    expect(await verdict(email)).toEqual({ email, send: true });
    // A second resume has nothing to end: no entry, no event.
    expect(await resumeMail({ ctx: ctx(), input: { contactId: id, consent } })).toBe(false);

    const trail = (await trailOf(id)).filter((e) => e.action === 'pause' || e.action === 'resume');
    expect(trail).toMatchObject([
      {
        action: 'pause',
        topicKey: null,
        source: 'preference-center',
        campaign: 'spring',
        wording: 'Pause until 2026-10-10T12:00:00.000Z',
        note: 'paused until 2026-10-10T12:00:00.000Z',
      },
      { action: 'resume', topicKey: null, source: 'preference-center' },
    ]);
    expect(await eventsSince(before)).toEqual([
      {
        type: 'contact.paused',
        data: expect.objectContaining({
          contact_id: id,
          email,
          topic: null,
          paused_until: '2026-10-10T12:00:00.000Z',
          campaign: 'spring',
          source: 'preference-center',
        }),
      },
      { type: 'contact.resumed', data: expect.objectContaining({ contact_id: id, email, topic: null }) },
    ]);
  });

  it('a pause that ended by itself cannot be resumed, and records nothing', async () => {
    env.clock.set('2026-05-01T00:00:00.000Z');
    const { id } = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    await pauseMail({ ctx: ctx(), input: { contactId: id, months: 1, consent } });
    env.clock.set('2026-06-02T00:00:00.000Z');
    expect(await resumeMail({ ctx: ctx(), input: { contactId: id, consent } })).toBe(false);
    expect((await trailOf(id)).filter((e) => e.action === 'resume')).toEqual([]);
  });

  it('refuses a length other than 1, 3 or 6 months', async () => {
    const { id } = await createContact(env);
    await expect(
      pauseMail({ ctx: ctx(), input: { contactId: id, months: 2 as 1, consent } }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('counts months in the calendar, keeping the time of day', () => {
    expect(monthsAfter(new Date('2024-01-31T10:00:00Z'), 1).toISOString()).toBe('2024-02-29T10:00:00.000Z');
    expect(monthsAfter(new Date('2026-08-31T23:59:00Z'), 6).toISOString()).toBe('2027-02-28T23:59:00.000Z');
    expect(monthsAfter(new Date('2026-10-15T00:00:00Z'), 3).toISOString()).toBe('2027-01-15T00:00:00.000Z');
  });
});
