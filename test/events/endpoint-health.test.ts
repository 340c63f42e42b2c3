// An endpoint that is gone (410) or has failed every delivery for five days is disabled, says
// so in the log and in GET /v1/webhooks/{id}, and its pending deliveries end as failed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/domain/clock';
import {
  capturingLogger,
  createEventsEnv,
  deliveriesOf,
  type EventsEnv,
  eventually,
  recordUnsubscribed,
} from '../support/events';
import { createContact } from '../support/harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let env: EventsEnv;
let receiver: WebhookReceiver;
let logger: ReturnType<typeof capturingLogger>;

beforeEach(async () => {
  logger = capturingLogger();
  env = await createEventsEnv({ logger, env: { WEBHOOK_RETRY_SCHEDULE: '0' } });
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await receiver.close();
  env.close();
});

const endpoint = async (id: string) =>
  (await (await env.api('GET', `/v1/webhooks/${id}`)).json()) as Record<string, unknown>;

describe('endpoint health', () => {
  it('a 410 Gone disables the endpoint at once and ends its other pending deliveries', async () => {
    receiver.respondWith(410);
    const { id } = await env.register(receiver.url);
    const person = await createContact(env);
    const first = await recordUnsubscribed(env, person, 'a');
    const second = await recordUnsubscribed(env, person, 'b');
    await eventually(async () =>
      expect(await endpoint(id)).toMatchObject({ enabled: false, disabled_reason: 'gone' }),
    );
    expect(await deliveriesOf(env, first!)).toMatchObject([{ status: 'failed', lastStatusCode: 410 }]);
    expect(await deliveriesOf(env, second!)).toMatchObject([
      { status: 'failed', attempts: 0, lastError: 'the endpoint was disabled' },
    ]);
    expect(receiver.received).toHaveLength(1);
    expect(logger.lines).toContainEqual({
      level: 'warn',
      msg: 'webhook endpoint disabled',
      fields: { endpointId: id, reason: 'it answered 410 Gone' },
    });
    // Nothing more goes out, and new events are not even queued for it.
    expect(await recordUnsubscribed(env, person, 'c')).toBeNull();
  });

  it('five days of nothing but failures disable the endpoint; a success in between resets the count', async () => {
    receiver.respondWith(500);
    const { id } = await env.register(receiver.url);
    const person = await createContact(env);
    await recordUnsubscribed(env, person, 'a');
    await receiver.waitFor(1);
    const failing = await eventually(async () => {
      const e = await endpoint(id);
      expect(e.failing_since).toEqual(expect.any(String));
      return e;
    });
    expect(failing.enabled).toBe(true);

    env.clock.advance(4 * DAY_MS);
    receiver.respondWith(200);
    await recordUnsubscribed(env, await createContact(env), 'b');
    await eventually(async () => expect((await endpoint(id)).failing_since).toBeNull());

    receiver.respondWith(500);
    await recordUnsubscribed(env, await createContact(env), 'c');
    await receiver.waitFor(3);
    // The streak starts when the failure is recorded; wait for that before moving the clock.
    await eventually(async () => expect((await endpoint(id)).failing_since).toEqual(expect.any(String)));
    env.clock.advance(5 * DAY_MS - 60_000);
    const d = await recordUnsubscribed(env, await createContact(env), 'd');
    await receiver.waitFor(4);
    await eventually(async () => expect(await deliveriesOf(env, d!)).toMatchObject([{ status: 'failed' }]));
    expect((await endpoint(id)).enabled).toBe(true);

    env.clock.advance(2 * 60_000);
    await recordUnsubscribed(env, await createContact(env), 'e');
    await receiver.waitFor(5);
    await eventually(async () =>
      expect(await endpoint(id)).toMatchObject({
        enabled: false,
        disabled_reason: 'failing',
        disabled_at: expect.any(String),
      }),
    );
    expect(logger.lines.filter((l) => l.msg === 'webhook endpoint disabled')).toEqual([
      {
        level: 'warn',
        msg: 'webhook endpoint disabled',
        fields: { endpointId: id, reason: 'every delivery failed for 5 days' },
      },
    ]);
    // Enabling it again starts afresh.
    const enabled = await env.api('PATCH', `/v1/webhooks/${id}`, { enabled: true });
    expect(await enabled.json()).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null });
  });

  it('logs endpoint ids and counts, never the address or the URL', async () => {
    receiver.respondWith(500);
    await env.register(receiver.url);
    const person = await createContact(env);
    await recordUnsubscribed(env, person);
    await receiver.waitFor(1);
    await eventually(() => expect(logger.lines.some((l) => l.msg === 'deliveries not accepted')).toBe(true));
    const text = JSON.stringify(logger.lines);
    expect(text).not.toContain(person.email);
    expect(text).not.toContain(receiver.url);
  });
});
