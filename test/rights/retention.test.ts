import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consentEvents,
  contacts,
  jobLeases,
  retentionRuns,
  subscriptions,
  suppressions,
} from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { DAY_MS } from '../../src/domain/clock';
import { consentRow } from '../../src/domain/consent';
import { ensureContact, findContactById, setCustomerDates } from '../../src/domain/contacts';
import { setPreferences } from '../../src/domain/preferences';
import { runRetention } from '../../src/domain/retention';
import { runRetentionJob } from '../../src/jobs/retention';
import {
  createContact,
  createTestEnv,
  createTopic,
  SUPPRESSION_KEY,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';
import { emailHash } from '../support/hashes';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const ctx = () => domainContext(env.deps);
const policy = { pendingDays: 30, inactiveDays: 90, softOptInMonths: 24 };

/** A double opt-in request that was never confirmed, made at the clock's current time. */
async function pendingSignUp(topic: string) {
  const email = uniqueEmail('pending');
  const { contact } = await ensureContact({ ctx: ctx(), input: { email } });
  await setPreferences({
    ctx: domainContext(env.deps),
    input: {
      contactId: contact.id,
      changes: { [topic]: 'pending' },
      actor: 'subscriber',
      consent: { source: 'form' },
    },
  });
  return contact.id;
}

/** A contact with customer dates and nothing else, made at the clock's current time. */
async function customerContact(since: string, until: string | null) {
  const email = uniqueEmail('customer');
  const res = await env.api('POST', '/v1/contacts', { email, customer_since: since, customer_until: until });
  if (res.status !== 201) throw new Error(`customerContact: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

const isoDate = (at: Date) => at.toISOString().slice(0, 10);

async function exists(id: string) {
  return (await env.deps.db.select().from(contacts).where(eq(contacts.id, id))).length === 1;
}

describe('retention', () => {
  it('removes a 31-day-old pending sign-up with its trail and keeps a fresh one', async () => {
    const topic = await createTopic(env);
    const old = await pendingSignUp(topic);
    env.clock.advance(29 * DAY_MS);
    const fresh = await pendingSignUp(topic);
    env.clock.advance(2 * DAY_MS);

    const result = await runRetention({ ctx: ctx(), input: policy });
    expect(result).toMatchObject({ ran: true, pendingDeleted: 1 });
    expect(await exists(old)).toBe(false);
    expect(await env.deps.db.select().from(subscriptions).where(eq(subscriptions.contactId, old))).toEqual(
      [],
    );
    expect(await env.deps.db.select().from(consentEvents).where(eq(consentEvents.contactId, old))).toEqual(
      [],
    );
    expect(await exists(fresh)).toBe(true);
  });

  it('removes contacts without an active subscription after 90 idle days, keeps subscribers and recent ones', async () => {
    const topic = await createTopic(env);
    const subscriber = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const idle = await createContact(env);
    env.clock.advance(60 * DAY_MS);
    const recent = await createContact(env);
    env.clock.advance(31 * DAY_MS);

    const result = await runRetention({ ctx: ctx(), input: policy });
    expect(result).toMatchObject({ ran: true });
    expect(await exists(idle.id)).toBe(false);
    expect(await exists(recent.id)).toBe(true);
    expect(await exists(subscriber.id)).toBe(true);
  });

  it('keeps suppressions, and keeps an opt-out as a suppression when the opted-out contact is removed', async () => {
    const topic = await createTopic(env);
    const bounced = uniqueEmail('bounced');
    await env.deps.db.insert(suppressions).values({
      emailHash: emailHash(SUPPRESSION_KEY, bounced),
      reason: 'bounced',
      source: 'resend',
      createdAt: env.clock.now(),
    });
    const optedOut = await createContact(env, { subscriptions: { [topic]: 'unsubscribed' } });
    const neverSubscribed = await createContact(env);
    env.clock.advance(91 * DAY_MS);

    await runRetention({ ctx: ctx(), input: policy });
    expect(await exists(optedOut.id)).toBe(false);
    expect(await exists(neverSubscribed.id)).toBe(false);
    const hashOf = async (email: string) =>
      (
        await env.deps.db
          .select()
          .from(suppressions)
          .where(eq(suppressions.emailHash, emailHash(SUPPRESSION_KEY, email)))
      ).map((s) => s.reason);
    expect(await hashOf(bounced)).toEqual(['bounced']);
    expect(await hashOf(optedOut.email)).toEqual(['erased']);
    expect(await hashOf(neverSubscribed.email)).toEqual([]);
  });

  it('runs once when started twice at once, and records counts without personal data', async () => {
    const topic = await createTopic(env);
    for (let i = 0; i < 3; i++) await pendingSignUp(topic);
    env.clock.advance(31 * DAY_MS);

    const results = await Promise.all([
      runRetention({ ctx: ctx(), input: policy }),
      runRetention({ ctx: ctx(), input: policy }),
    ]);
    const ran = results.filter((r) => r.ran);
    expect(ran).toHaveLength(1);
    expect(results.filter((r) => !r.ran)).toEqual([{ ran: false, reason: 'already_running' }]);
    expect(ran[0]).toMatchObject({ pendingDeleted: 3 });

    const runs = await env.deps.db.select().from(retentionRuns);
    const last = runs.at(-1)!;
    expect(last).toMatchObject({ pendingDeleted: 3, inactiveDeleted: 0 });
    expect(last.finishedAt).toBeInstanceOf(Date);
    expect(Object.keys(last).sort()).toEqual([
      'finishedAt',
      'id',
      'inactiveDeleted',
      'pendingDeleted',
      'startedAt',
    ]);
    // The lease is released, so the next scheduled run can start.
    expect(await env.deps.db.select().from(jobLeases)).toEqual([]);
    expect(await runRetention({ ctx: ctx(), input: policy })).toMatchObject({ ran: true, pendingDeleted: 0 });
  });

  it('takes over a lease left by a run that died, once it has expired', async () => {
    await env.deps.db.insert(jobLeases).values({
      name: 'retention',
      holder: 'crashed',
      expiresAt: new Date(env.clock.now().getTime() + 60_000),
    });
    expect(await runRetention({ ctx: ctx(), input: policy })).toEqual({
      ran: false,
      reason: 'already_running',
    });
    env.clock.advance(61_000);
    expect(await runRetention({ ctx: ctx(), input: policy })).toMatchObject({ ran: true });
  });

  it('keeps current customers however idle, and removes idle contacts who are no customers', async () => {
    const topic = await createTopic(env);
    const today = isoDate(env.clock.now());
    const current = await customerContact('2019-06-01', null);
    const endsLater = await customerContact(
      '2019-06-01',
      isoDate(new Date(env.clock.now().getTime() + 400 * DAY_MS)),
    );
    const stranger = await createContact(env);
    // A customer with a sign-up never confirmed is still a customer.
    const pendingCustomer = await pendingSignUp(topic);
    await setCustomerDates({
      ctx: domainContext(env.deps),
      input: {
        contact: (await findContactById({
          ctx: domainContext(env.deps),
          input: { contactId: pendingCustomer },
        }))!,
        change: { customerSince: today },
      },
    });
    env.clock.advance(400 * DAY_MS);

    const result = await runRetention({ ctx: ctx(), input: policy });
    expect(result).toMatchObject({ ran: true });
    expect(await exists(stranger.id)).toBe(false);
    expect(await exists(current.id)).toBe(true);
    expect(await exists(endsLater.id)).toBe(true);
    expect(await exists(pendingCustomer)).toBe(true);
  });

  it('keeps a former customer while the soft opt-in window lasts, then applies the normal rule', async () => {
    const now = env.clock.now();
    const lastMonth = isoDate(new Date(now.getTime() - 31 * DAY_MS));
    const former = await customerContact('2019-06-01', lastMonth);
    const longGone = await customerContact('2010-01-01', '2020-12-31');
    env.clock.advance(91 * DAY_MS);
    await runRetention({ ctx: ctx(), input: policy });
    expect(await exists(longGone.id)).toBe(false);
    expect(await exists(former.id)).toBe(true);

    // Still inside the window 23 months after the relationship ended...
    env.clock.set(new Date(now.getTime() + (23 * 30 - 31) * DAY_MS));
    await runRetention({ ctx: ctx(), input: policy });
    expect(await exists(former.id)).toBe(true);
    // ...and removed once it has closed (24 months), idle as the contact has been since.
    env.clock.set(new Date(now.getTime() + (25 * 30 - 31) * DAY_MS));
    await runRetention({ ctx: ctx(), input: policy });
    expect(await exists(former.id)).toBe(false);
  });

  it('with SOFT_OPT_IN_MONTHS=0 keeps only customers whose relationship has not ended', async () => {
    const yesterday = isoDate(new Date(env.clock.now().getTime() - DAY_MS));
    const ended = await customerContact('2019-06-01', yesterday);
    const current = await customerContact('2019-06-01', null);
    env.clock.advance(91 * DAY_MS);
    await runRetention({ ctx: ctx(), input: { ...policy, softOptInMonths: 0 } });
    expect(await exists(ended.id)).toBe(false);
    expect(await exists(current.id)).toBe(true);
  });

  it('the scheduled job uses the configured days', async () => {
    const custom = await createTestEnv({ env: { RETENTION_PENDING_DAYS: '5' }, clock: env.clock });
    try {
      const topic = await createTopic(custom);
      const { contact } = await ensureContact({
        ctx: domainContext(custom.deps),
        input: { email: uniqueEmail() },
      });
      await custom.deps.db.insert(subscriptions).values({
        contactId: contact.id,
        topicKey: topic,
        status: 'pending',
        updatedAt: custom.clock.now(),
      });
      await custom.deps.db
        .insert(consentEvents)
        .values(consentRow(contact.id, topic, 'request', { source: 'form' }, custom.clock.now()));
      custom.clock.advance(6 * DAY_MS);
      expect(await runRetentionJob(custom.deps)).toMatchObject({ ran: true, pendingDeleted: 1 });
    } finally {
      custom.close();
    }
  });
});
