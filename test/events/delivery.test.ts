// Outbound events reach a registered receiver over real HTTP, signed, and at least once: a
// failure is retried with the same webhook-id, and a contact's events keep their order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  attemptsOf,
  createEventsEnv,
  deliveriesOf,
  type EventsEnv,
  eventually,
  recordUnsubscribed,
} from '../support/events';
import { createContact } from '../support/harness';
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '../support/webhook-receiver';

let env: EventsEnv;
let receiver: WebhookReceiver;

beforeEach(async () => {
  env = await createEventsEnv();
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await receiver.close();
  env.close();
});

const contact = () => createContact(env);

describe('webhook delivery', () => {
  it('delivers a recorded event to the receiver, signed with the endpoint secret', async () => {
    const { secret } = await env.register(receiver.url);
    const person = await contact();
    const eventId = await recordUnsubscribed(env, person, 'news');
    const [hook] = await receiver.waitFor(1);
    expect(verifyWebhook(secret, hook)).toMatchObject({
      type: 'contact.unsubscribed',
      data: { contact_id: person.id, email: person.email, topic: 'news', source: 'one-click' },
    });
    expect(hook.headers['content-type']).toBe('application/json');
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesOf(env, eventId!);
      expect(rows[0].status).toBe('delivered');
      return rows;
    });
    expect(hook.id).toBe(`msg_${delivery.id}`);
  });

  it('retries after a 500 with the same webhook-id, and records both attempts', async () => {
    receiver.respondWith((_hook, index) => (index === 0 ? 500 : 200));
    const { secret } = await env.register(receiver.url);
    const eventId = await recordUnsubscribed(env, await contact());
    const [first, second] = await receiver.waitFor(2);
    expect(second.id).toBe(first.id);
    expect(verifyWebhook(secret, second)).toEqual(JSON.parse(first.body));
    const delivery = await eventually(async () => {
      const [row] = await deliveriesOf(env, eventId!);
      expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
      return row;
    });
    const attempts = await attemptsOf(env, delivery.id);
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 200, null],
    ]);
    expect(attempts.every((a) => a.durationMs >= 0)).toBe(true);
  });

  it('gives up after the last attempt of the schedule and keeps the delivery retryable by hand', async () => {
    receiver.respondWith(503);
    const { id } = await env.register(receiver.url);
    const eventId = await recordUnsubscribed(env, await contact());
    const delivery = await eventually(async () => {
      const [row] = await deliveriesOf(env, eventId!);
      expect(row).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 503 });
      return row;
    }, 8000);
    expect(receiver.received).toHaveLength(3);

    receiver.respondWith(200);
    const retry = await env.api('POST', `/v1/webhooks/${id}/deliveries/${delivery.id}/retry`);
    expect(retry.status).toBe(202);
    await receiver.waitFor(4);
    expect(receiver.received[3].id).toBe(receiver.received[0].id);
    await eventually(async () => {
      const [row] = await deliveriesOf(env, eventId!);
      expect(row).toMatchObject({ status: 'delivered', attempts: 4 });
    });
  });

  it('honours Retry-After on a 429 when it asks for longer than the schedule', async () => {
    receiver.respondWith((_h, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '2' } } : 200));
    await env.register(receiver.url);
    await recordUnsubscribed(env, await contact());
    const [first, second] = await receiver.waitFor(2, 8000);
    // The schedule says 1 s; the receiver asked for 2.
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(1900);
  });

  it("keeps a contact's events in commit order, even when the first needs a retry", async () => {
    const person = await contact();
    const other = await contact();
    receiver.respondWith((hook) =>
      hook.json.data.topic === 'first' && receiver.received.filter((h) => h.id === hook.id).length === 1
        ? 500
        : 200,
    );
    await env.register(receiver.url);
    await recordUnsubscribed(env, person, 'first');
    await recordUnsubscribed(env, person, 'second');
    await recordUnsubscribed(env, other, 'third');
    await receiver.waitFor(4);
    const forPerson = receiver.received
      .filter((h) => h.json.data.contact_id === person.id)
      .map((h) => h.json.data.topic);
    expect(forPerson).toEqual(['first', 'first', 'second']);
    // Another contact is not held back by the first one's retry.
    const third = receiver.received.findIndex((h) => h.json.data.topic === 'third');
    const retried = receiver.received.findIndex((h, i) => i > 0 && h.json.data.topic === 'first');
    expect(third).toBeLessThan(retried);
  });

  it('counts a receiver that does not answer within the timeout as a failure', async () => {
    env.close();
    env = await createEventsEnv({ env: { WEBHOOK_TIMEOUT_SECONDS: '1', WEBHOOK_LEASE_SECONDS: '3' } });
    receiver.respondWith((_h, i) => (i === 0 ? { status: 200, delayMs: 3000 } : 200));
    await env.register(receiver.url);
    const eventId = await recordUnsubscribed(env, await contact());
    await receiver.waitFor(2, 8000);
    const [row] = await eventually(async () => {
      const rows = await deliveriesOf(env, eventId!);
      expect(rows[0].status).toBe('delivered');
      return rows;
    });
    const attempts = await attemptsOf(env, row.id);
    expect(attempts[0]).toMatchObject({ statusCode: null, error: 'timeout' });
    expect(attempts[0].durationMs).toBeGreaterThanOrEqual(900);
  });

  it('does not follow redirects: a 302 is a failure', async () => {
    receiver.respondWith((_h, i) =>
      i === 0 ? { status: 302, headers: { location: 'http://127.0.0.1:1/' } } : 200,
    );
    await env.register(receiver.url);
    const eventId = await recordUnsubscribed(env, await contact());
    await receiver.waitFor(2);
    await eventually(async () => {
      const [row] = await deliveriesOf(env, eventId!);
      expect(row.status).toBe('delivered');
      expect((await attemptsOf(env, row.id))[0]).toMatchObject({ statusCode: 302, error: 'HTTP 302' });
    });
  });

  it('sends only the event types an endpoint subscribed to, and nothing to a disabled endpoint', async () => {
    const only = await startWebhookReceiver();
    try {
      await env.register(only.url, { events: ['contact.erased'] });
      const { id } = await env.register(receiver.url);
      await env.api('PATCH', `/v1/webhooks/${id}`, { enabled: false });
      expect(await recordUnsubscribed(env, await contact())).toBeNull();
      await new Promise((r) => setTimeout(r, 300));
      expect(only.received).toHaveLength(0);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await only.close();
    }
  });

  it('a failure after the commit loses nothing: the change stands and its event is delivered', async () => {
    await env.register(receiver.url);
    env.deps.outbox.listen(() => {
      throw new Error('a listener that fails after the commit');
    });
    const eventId = await recordUnsubscribed(env, await contact());
    expect(eventId).toEqual(expect.any(Number));
    await receiver.waitFor(1);
  });

  it('an event committed by another process, with no notice to this one, is found by the poll', async () => {
    const other = await createEventsEnv({ dbPath: env.dbPath, dispatch: false });
    try {
      await env.register(receiver.url);
      await recordUnsubscribed(other, await createContact(other));
      await receiver.waitFor(1, 3000);
    } finally {
      other.close();
    }
  });
});
