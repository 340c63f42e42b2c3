// Personal data in the outbox: an event keeps the address only until it is delivered or given
// up; an erasure scrubs the contact's undelivered events (except the erasure itself); delivery
// records are kept 30 days.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryAttempts, outboxEvents } from '../../src/db/schema';
import { DAY_MS } from '../../src/domain/clock';
import { recordEvent, scrubContactEvents } from '../../src/domain/events';
import { runRetentionJob } from '../../src/jobs/retention';
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

let env: EventsEnv;
let receiver: WebhookReceiver;

beforeEach(async () => {
  env = await createEventsEnv({ env: { WEBHOOK_RETRY_SCHEDULE: '0' } });
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await receiver.close();
  env.close();
});

describe('scrubbing the outbox', () => {
  it('removes the address once the event is delivered to every endpoint, keeping ids and type', async () => {
    const slow = await startWebhookReceiver(() => ({ status: 200, delayMs: 600 }));
    try {
      await env.register(receiver.url);
      await env.register(slow.url);
      const person = await createContact(env);
      const eventId = (await recordUnsubscribed(env, person, 'news'))!;
      await receiver.waitFor(1);
      await eventually(async () =>
        expect((await deliveriesOf(env, eventId)).map((d) => d.status)).toContain('delivered'),
      );
      // One endpoint still waits: the address is still needed.
      expect((await eventRow(env, eventId)).payload).toMatchObject({ data: { email: person.email } });
      await slow.waitFor(1);
      const row = await eventually(async () => {
        const r = await eventRow(env, eventId);
        expect(r.scrubbedAt).not.toBeNull();
        return r;
      });
      expect(row).toMatchObject({ type: 'contact.unsubscribed', contactId: person.id });
      expect(row.payload).toMatchObject({
        type: 'contact.unsubscribed',
        data: { contact_id: person.id, topic: 'news' },
      });
      expect(JSON.stringify(row.payload)).not.toContain(person.email);
    } finally {
      await slow.close();
    }
  });

  it('scrubs an event that gave up; a retry by hand sends the address again from the contact', async () => {
    receiver.respondWith(500);
    const { id } = await env.register(receiver.url);
    const person = await createContact(env);
    const eventId = (await recordUnsubscribed(env, person))!;
    const row = await eventually(async () => {
      const r = await eventRow(env, eventId);
      expect(r.scrubbedAt).not.toBeNull();
      return r;
    });
    expect(JSON.stringify(row.payload)).not.toContain(person.email);

    receiver.respondWith(200);
    const [delivery] = await deliveriesOf(env, eventId);
    expect((await env.api('POST', `/v1/webhooks/${id}/deliveries/${delivery.id}/retry`)).status).toBe(202);
    const [, again] = await receiver.waitFor(2);
    expect(again.json.data.email).toBe(person.email);
    expect(JSON.stringify((await eventRow(env, eventId)).payload)).not.toContain(person.email);
  });

  it("an erasure's scrub cancels the contact's undelivered events but keeps contact.erased", async () => {
    receiver.respondWith({ status: 200, delayMs: 400 });
    await env.register(receiver.url);
    const person = await createContact(env);
    const first = (await recordUnsubscribed(env, person, 'a'))!;
    const second = (await recordUnsubscribed(env, person, 'b'))!;
    await receiver.waitFor(1); // the first is in flight, the second waits behind it
    const erased = await env.deps.db.transaction(async (tx) => {
      const now = env.clock.now();
      const eventId = await recordEvent(tx, {
        type: 'contact.erased',
        at: now,
        data: { contact_id: person.id, email: person.email, topic: null, source: 'api' },
      });
      await scrubContactEvents(tx, person.id, now);
      return eventId!;
    });
    const hooks = await receiver.waitFor(2);
    expect(hooks.map((h) => h.json.type)).toEqual(['contact.unsubscribed', 'contact.erased']);
    expect(hooks[1].json.data.email).toBe(person.email);
    expect(await deliveriesOf(env, second)).toMatchObject([{ status: 'cancelled', attempts: 0 }]);
    for (const id of [first, second]) {
      expect(JSON.stringify((await eventRow(env, id)).payload)).not.toContain(person.email);
    }
    await eventually(async () => expect((await eventRow(env, erased)).scrubbedAt).not.toBeNull());
    expect(JSON.stringify((await eventRow(env, erased)).payload)).not.toContain(person.email);
  });

  it('the retention job deletes attempts and finished events older than 30 days', async () => {
    await env.register(receiver.url);
    const old = (await recordUnsubscribed(env, await createContact(env)))!;
    await eventually(async () => expect((await deliveriesOf(env, old))[0].status).toBe('delivered'));
    env.clock.advance(31 * DAY_MS);
    const recent = (await recordUnsubscribed(env, await createContact(env)))!;
    await eventually(async () => expect((await deliveriesOf(env, recent))[0].status).toBe('delivered'));
    const [recentDelivery] = await deliveriesOf(env, recent);

    await runRetentionJob(env.deps);
    expect(await env.deps.db.select().from(outboxEvents).where(eq(outboxEvents.id, old))).toEqual([]);
    expect(await deliveriesOf(env, old)).toEqual([]);
    expect(await eventRow(env, recent)).toBeDefined();
    expect(await attemptsOf(env, recentDelivery.id)).toHaveLength(1);
    const attempts = await env.deps.db.select().from(deliveryAttempts);
    expect(attempts.every((a) => a.attemptedAt.getTime() > env.clock.now().getTime() - 30 * DAY_MS)).toBe(
      true,
    );
  });
});
