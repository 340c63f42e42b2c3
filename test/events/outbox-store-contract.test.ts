// The outbox store's contract: the same rounds on drizzle's store (the Worker's, the in-process
// dispatcher's) and on the statements the dispatcher thread prepares once, with the same rows
// in the database afterwards. Leases, order per contact, retries, Retry-After, target health
// and scrubbing are the domain's; each store only has to run what it is asked to.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryAttempts, eventDeliveries, webhookEndpoints } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { DAY_MS } from '../../src/domain/clock';
import { claimDueDeliveries, completeDeliveries, nextDueAt } from '../../src/domain/outbox';
import {
  attemptsOf,
  createEventsEnv,
  deliveriesOf,
  type EventsEnv,
  eventRow,
  eventually,
  recordUnsubscribed,
} from '../support/events';
import { createContact } from '../support/harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

describe.each(['drizzle', 'prepared'] as const)('the outbox on the %s store', (store) => {
  let env: EventsEnv;
  let receiver: WebhookReceiver;

  const start = async (opts: { dispatch?: boolean; schedule?: string } = {}) => {
    env = await createEventsEnv({
      store,
      dispatch: opts.dispatch,
      env: { WEBHOOK_RETRY_SCHEDULE: opts.schedule ?? '0,1,1' },
    });
  };
  const endpointRow = async (id: string) => {
    const [row] = await env.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    return row;
  };

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await receiver.close();
    env.close();
  });

  it('delivers an event, records its attempt and scrubs the address once it is delivered', async () => {
    await start();
    await env.register(receiver.url);
    const person = await createContact(env);
    const eventId = (await recordUnsubscribed(env, person))!;
    const [hook] = await receiver.waitFor(1);
    expect(JSON.parse(hook.body).data.email).toBe(person.email);
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesOf(env, eventId);
      expect(rows[0].status).toBe('delivered');
      return rows;
    });
    expect(delivery).toMatchObject({ attempts: 1, lastStatusCode: 204, leaseHolder: null, lastError: null });
    expect(await attemptsOf(env, delivery.id)).toMatchObject([{ attempt: 1, statusCode: 204, error: null }]);
    await eventually(async () => expect((await eventRow(env, eventId)).scrubbedAt).not.toBeNull());
    expect((await eventRow(env, eventId)).payload).not.toContain(person.email);
  });

  it('retries a 500 with the same webhook-id, honours a longer Retry-After, and keeps a contact in order', async () => {
    await start();
    receiver.respondWith((_h, i) =>
      i === 0 ? 500 : i === 1 ? { status: 429, headers: { 'retry-after': '2' } } : 204,
    );
    await env.register(receiver.url);
    const person = await createContact(env);
    const first = (await recordUnsubscribed(env, person, 'a'))!;
    const second = (await recordUnsubscribed(env, person, 'b'))!;
    const hooks = await receiver.waitFor(4, 10_000);
    // The first event three times (500, 429, then accepted), and only then the second.
    expect(hooks.map((h) => JSON.parse(h.body).data.topic)).toEqual(['a', 'a', 'a', 'b']);
    expect(new Set(hooks.slice(0, 3).map((h) => h.headers['webhook-id'])).size).toBe(1);
    expect(hooks[2].receivedAt - hooks[1].receivedAt).toBeGreaterThanOrEqual(1900);
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesOf(env, first);
      expect(rows[0].status).toBe('delivered');
      return rows;
    });
    expect((await attemptsOf(env, delivery.id)).map((a) => a.statusCode)).toEqual([500, 429, 204]);
    await eventually(async () => expect((await deliveriesOf(env, second))[0].status).toBe('delivered'));
  });

  it('a 410 disables the endpoint and ends its other pending deliveries, scrubbed', async () => {
    await start({ schedule: '0' });
    receiver.respondWith(410);
    const { id } = await env.register(receiver.url);
    const person = await createContact(env);
    await recordUnsubscribed(env, person, 'a');
    const second = (await recordUnsubscribed(env, person, 'b'))!;
    await eventually(async () =>
      expect(await endpointRow(id)).toMatchObject({ enabled: false, disabledReason: 'gone' }),
    );
    expect(await deliveriesOf(env, second)).toMatchObject([
      { status: 'failed', attempts: 0, lastError: 'the endpoint was disabled' },
    ]);
    expect((await eventRow(env, second)).scrubbedAt).not.toBeNull();
    expect(receiver.received).toHaveLength(1);
  });

  it('five days of failures disable the endpoint; a success in between ends the streak', async () => {
    await start({ schedule: '0' });
    receiver.respondWith(500);
    const { id } = await env.register(receiver.url);
    await recordUnsubscribed(env, await createContact(env), 'a');
    await eventually(async () => expect((await endpointRow(id)).failingSince).not.toBeNull());
    receiver.respondWith(204);
    await recordUnsubscribed(env, await createContact(env), 'b');
    await eventually(async () => expect((await endpointRow(id)).failingSince).toBeNull());
    receiver.respondWith(500);
    await recordUnsubscribed(env, await createContact(env), 'c');
    await eventually(async () => expect((await endpointRow(id)).failingSince).not.toBeNull());
    env.clock.advance(5 * DAY_MS + 1000);
    await recordUnsubscribed(env, await createContact(env), 'd');
    await eventually(async () =>
      expect(await endpointRow(id)).toMatchObject({ enabled: false, disabledReason: 'failing' }),
    );
  });

  it('never claims a leased delivery twice, claims only the events asked for, lets only the holder complete, and knows when the next is due', async () => {
    await start({ dispatch: false });
    await env.register(receiver.url);
    const one = (await recordUnsubscribed(env, await createContact(env)))!;
    const two = (await recordUnsubscribed(env, await createContact(env)))!;
    const ctx = { ...domainContext(env.deps), outboxStore: env.outboxStore };
    const lease = { leaseMs: 60_000, limit: 10 };
    const onlyTwo = await claimDueDeliveries(ctx, { ...lease, holder: 'a', eventIds: [two] });
    expect(onlyTwo.map((d) => d.eventId)).toEqual([two]);
    expect(onlyTwo[0].event).toMatchObject({ type: 'contact.unsubscribed' });
    const beforeB = env.clock.now().getTime();
    const rest = await claimDueDeliveries(ctx, { ...lease, holder: 'b' });
    expect(rest.map((d) => d.eventId)).toEqual([one]);
    expect(await claimDueDeliveries(ctx, { ...lease, holder: 'c' })).toEqual([]);

    const outcome = { result: 'delivered' as const, statusCode: 204 };
    const at = env.clock.now();
    // 'c' holds no lease on two: its record changes nothing.
    await completeDeliveries(
      ctx,
      [{ delivery: onlyTwo[0], holder: 'c', outcome, startedAt: at, durationMs: 5 }],
      [0],
    );
    expect(await deliveriesOf(env, two)).toMatchObject([{ status: 'pending', leaseHolder: 'a' }]);
    const report = await completeDeliveries(
      ctx,
      [{ delivery: onlyTwo[0], holder: 'a', outcome, startedAt: at, durationMs: 5 }],
      [0],
    );
    expect(report).toEqual({ disabled: [], gaveUp: 0, rescheduled: [] });
    expect(await deliveriesOf(env, two)).toMatchObject([
      { status: 'delivered', leaseHolder: null, attempts: 1 },
    ]);
    const attempts = await env.deps.db
      .select()
      .from(deliveryAttempts)
      .where(eq(deliveryAttempts.deliveryId, onlyTwo[0].deliveryId));
    expect(attempts).toMatchObject([{ attempt: 1, statusCode: 204, durationMs: 5, attemptedAt: at }]);
    const [pending] = await env.deps.db
      .select()
      .from(eventDeliveries)
      .where(eq(eventDeliveries.eventId, one));
    expect(pending).toMatchObject({ status: 'pending', leaseHolder: 'b' });
    // What is left comes due when b's lease runs out; once it is recorded, nothing is pending.
    expect((await nextDueAt(ctx))!.getTime()).toBeGreaterThanOrEqual(beforeB + 60_000);
    await completeDeliveries(
      ctx,
      [{ delivery: rest[0], holder: 'b', outcome, startedAt: at, durationMs: 1 }],
      [0],
    );
    expect(await nextDueAt(ctx)).toBeNull();
  });
});
