// The server's webhook dispatcher on an embedded file runs in a thread of its own, with its own
// connection: it delivers, retries and signs as the in-process one does, lets requests in
// flight go first through the shared request gauge, picks up a rotated secret at once, never
// delivers for a deleted endpoint, and on stop lets an attempt in flight record itself.
import { afterEach, describe, expect, it } from 'vitest';
import { startThreadedDispatcher } from '../../src/node/dispatcher/threaded';
import type { EventDispatcher } from '../../src/node/event-dispatcher';
import { createRequestGauge } from '../../src/node/request-gauge';
import {
  attemptsOf,
  createEventsEnv,
  deliveriesOf,
  type EventsEnv,
  eventually,
  recordUnsubscribed,
} from '../support/events';
import { createContact } from '../support/harness';
import {
  signedWith,
  startWebhookReceiver,
  verifyWebhook,
  type WebhookReceiver,
} from '../support/webhook-receiver';

let env: EventsEnv;
let receiver: WebhookReceiver;
let dispatcher: EventDispatcher | undefined;

async function setUp(opts: { dispatch?: 'thread' | false } = {}) {
  env = await createEventsEnv({ dispatch: opts.dispatch ?? 'thread' });
  receiver = await startWebhookReceiver();
}

afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
  await env.dispatcher.stop();
  await receiver.close();
  env.close();
});

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// The thread loads its code when it starts (a second or two), so the first wait is longer.
const STARTUP_MS = 15_000;

describe('the webhook dispatcher in a thread of its own', () => {
  it('delivers a committed event, signed with the endpoint secret', async () => {
    await setUp();
    const { secret } = await env.register(receiver.url);
    const person = await createContact(env);
    const eventId = await recordUnsubscribed(env, person, 'news');
    const [hook] = await receiver.waitFor(1, STARTUP_MS);
    expect(verifyWebhook(secret, hook)).toMatchObject({
      type: 'contact.unsubscribed',
      data: { contact_id: person.id, email: person.email, topic: 'news' },
    });
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesOf(env, eventId!);
      expect(rows[0].status).toBe('delivered');
      return rows;
    });
    expect(hook.id).toBe(`msg_${delivery.id}`);
  });

  it('retries after a 500 with the same webhook-id, and records both attempts', async () => {
    await setUp();
    receiver.respondWith((_hook, index) => (index === 0 ? 500 : 200));
    await env.register(receiver.url);
    const eventId = await recordUnsubscribed(env, await createContact(env));
    const [first, second] = await receiver.waitFor(2, STARTUP_MS);
    expect(second.id).toBe(first.id);
    const delivery = await eventually(async () => {
      const [row] = await deliveriesOf(env, eventId!);
      expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
      return row;
    });
    const attempts = await attemptsOf(env, delivery.id);
    expect(attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 200],
    ]);
  });

  it('signs with a rotated secret from the next delivery on', async () => {
    await setUp();
    const { id, secret: old } = await env.register(receiver.url);
    await recordUnsubscribed(env, await createContact(env));
    const [before] = await receiver.waitFor(1, STARTUP_MS);
    expect(signedWith(old, before)).toBe(true);
    const res = await env.api('POST', `/v1/webhooks/${id}/rotate-secret`);
    const rotated = ((await res.json()) as { secret: string }).secret;
    await recordUnsubscribed(env, await createContact(env));
    const [, after] = await receiver.waitFor(2);
    expect(after.signature.split(' ')).toHaveLength(2);
    expect(signedWith(rotated, after)).toBe(true);
    expect(signedWith(old, after)).toBe(true);
  });

  it('never delivers for an endpoint deleted while its delivery waited for a retry', async () => {
    await setUp();
    receiver.respondWith(500);
    const { id } = await env.register(receiver.url);
    const eventId = await recordUnsubscribed(env, await createContact(env));
    await receiver.waitFor(1, STARTUP_MS);
    await eventually(async () => {
      const [row] = await deliveriesOf(env, eventId!);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    });
    expect((await env.api('DELETE', `/v1/webhooks/${id}`)).status).toBe(204);
    receiver.respondWith(200);
    // The schedule's next attempt was due a second later.
    await settle(2500);
    expect(receiver.received).toHaveLength(1);
  });

  it('on stop, lets the attempt in flight finish and record itself', async () => {
    await setUp();
    receiver.respondWith({ status: 200, delayMs: 600 });
    await env.register(receiver.url);
    const eventId = await recordUnsubscribed(env, await createContact(env));
    await receiver.waitFor(1, STARTUP_MS);
    const [inFlight] = await deliveriesOf(env, eventId!);
    expect(inFlight.status).toBe('pending');
    await env.dispatcher.stop();
    const [row] = await deliveriesOf(env, eventId!);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(await attemptsOf(env, row.id)).toHaveLength(1);
  });

  it("waits for the server's requests in flight, read through shared memory, then delivers", async () => {
    await setUp({ dispatch: false });
    await env.register(receiver.url);
    const gauge = createRequestGauge();
    dispatcher = startThreadedDispatcher(env.deps, {
      url: `file:${env.dbPath}`,
      encryptionKey: env.config.encryptionKey,
      pollMs: 60_000,
      holdMs: 30_000,
      yieldTo: gauge,
    });
    await dispatcher.idle();
    gauge.enter();
    await recordUnsubscribed(env, await createContact(env));
    await settle(500);
    expect(receiver.received).toHaveLength(0);
    gauge.leave();
    await receiver.waitFor(1);
  });
});
