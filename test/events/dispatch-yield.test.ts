// While the server answers requests, the dispatcher lets them go first: a commit's events wait
// until no request is in flight, and never longer than the hold, so a burst's events go out in
// larger rounds and delivery stays prompt.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EventDispatcher, startEventDispatcher } from '../../src/node/event-dispatcher';
import { createRequestGauge, type RequestGauge } from '../../src/node/request-gauge';
import { createEventsEnv, type EventsEnv, recordUnsubscribed } from '../support/events';
import { createContact } from '../support/harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let env: EventsEnv;
let receiver: WebhookReceiver;
let gauge: RequestGauge;
let dispatcher: EventDispatcher | undefined;

beforeEach(async () => {
  env = await createEventsEnv({ dispatch: false });
  receiver = await startWebhookReceiver();
  gauge = createRequestGauge();
});

afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
  await receiver.close();
  env.close();
});

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the dispatcher and requests in flight', () => {
  it('waits for the requests in flight to end, then delivers what they committed', async () => {
    await env.register(receiver.url);
    dispatcher = startEventDispatcher(env.deps, { pollMs: 60_000, yieldTo: gauge, holdMs: 10_000 });
    await dispatcher.idle();
    gauge.enter();
    gauge.enter();
    for (let i = 0; i < 3; i++) await recordUnsubscribed(env, await createContact(env));
    await settle(300);
    expect(receiver.received).toHaveLength(0);
    gauge.leave();
    await settle(100);
    expect(receiver.received).toHaveLength(0);
    const left = Date.now();
    gauge.leave();
    await receiver.waitFor(3, 2000);
    expect(Date.now() - left).toBeLessThan(1000);
  });

  it('holds a wake for holdMs at most while requests never stop', async () => {
    await env.register(receiver.url);
    dispatcher = startEventDispatcher(env.deps, { pollMs: 60_000, yieldTo: gauge, holdMs: 150 });
    await dispatcher.idle();
    gauge.enter();
    const committed = Date.now();
    await recordUnsubscribed(env, await createContact(env));
    await receiver.waitFor(1, 3000);
    const waited = Date.now() - committed;
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(1500);
    gauge.leave();
  });

  it('delivers at once when no request is in flight', async () => {
    await env.register(receiver.url);
    dispatcher = startEventDispatcher(env.deps, { pollMs: 60_000, yieldTo: gauge, holdMs: 10_000 });
    await dispatcher.idle();
    const committed = Date.now();
    await recordUnsubscribed(env, await createContact(env));
    await receiver.waitFor(1, 3000);
    expect(Date.now() - committed).toBeLessThan(1000);
  });
});
