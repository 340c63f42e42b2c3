// Two servers on one database: their dispatchers claim deliveries under a lease, so every
// attempt is sent once, whichever server sends it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEventDispatcher } from '../../src/node/event-dispatcher';
import {
  createEventsEnv,
  deliveriesOf,
  type EventsEnv,
  eventually,
  recordUnsubscribed,
} from '../support/events';
import { createContact } from '../support/harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let one: EventsEnv;
let two: EventsEnv;
let receiver: WebhookReceiver;

beforeAll(async () => {
  one = await createEventsEnv({ dispatch: false });
  two = await createEventsEnv({ dispatch: false, dbPath: one.dbPath });
  receiver = await startWebhookReceiver(() => ({ status: 200, delayMs: 5 }));
});

afterAll(async () => {
  await receiver.close();
  two.close();
  one.close();
});

describe('two dispatchers on one database', () => {
  it('never send the same attempt twice', async () => {
    await one.register(receiver.url);
    const events: number[] = [];
    for (let i = 0; i < 60; i++) {
      events.push((await recordUnsubscribed(one, await createContact(one), `t${i}`))!);
    }
    const sent = { one: 0, two: 0 };
    for (const [name, env] of [
      ['one', one],
      ['two', two],
    ] as const) {
      const sender = env.deps.webhooks.sender;
      env.deps.webhooks.sender = {
        post: (request) => {
          sent[name] += 1;
          return sender.post(request);
        },
      };
    }
    // Small rounds from both servers at once, so their claims interleave.
    const a = startEventDispatcher(one.deps, { batchSize: 3, workers: 3, pollMs: 50 });
    const b = startEventDispatcher(two.deps, { batchSize: 3, workers: 3, pollMs: 50 });
    try {
      await receiver.waitFor(60, 15_000);
      await eventually(async () => {
        for (const id of events) expect((await deliveriesOf(one, id))[0].status).toBe('delivered');
      }, 10_000);
      const ids = receiver.received.map((h) => h.id);
      expect(new Set(ids).size).toBe(60);
      expect(ids).toHaveLength(60);
      // Both servers did part of the work.
      expect(sent.one).toBeGreaterThan(0);
      expect(sent.two).toBeGreaterThan(0);
      expect(sent.one + sent.two).toBe(60);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
