// DNS rebinding: a target that passed the check at registration is checked again when the
// request connects, against the address the connection actually uses.
import { afterEach, describe, expect, it } from 'vitest';
import {
  attemptsOf,
  createEventsEnv,
  deliveriesOf,
  type EventsEnv,
  eventually,
  recordUnsubscribed,
} from '../support/events';
import { createContact } from '../support/harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let env: EventsEnv | undefined;
let receiver: WebhookReceiver | undefined;

afterEach(async () => {
  await receiver?.close();
  env?.close();
});

describe('the delivery-time address check', () => {
  it('refuses a name that resolves to 127.0.0.1 when the request connects, and sends nothing', async () => {
    receiver = await startWebhookReceiver();
    env = await createEventsEnv({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' } });
    // At registration the name resolved to a public address (as an attacker's DNS would say).
    const check = env.deps.webhooks.checkTargetUrl;
    env.deps.webhooks.checkTargetUrl = (url) => check(url.replace('localhost', '93.184.216.34'));
    const port = new URL(receiver.url).port;
    await env.register(`https://localhost:${port}/hook`);

    const eventId = await recordUnsubscribed(env, await createContact(env));
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesOf(env!, eventId!);
      expect(rows[0].attempts).toBeGreaterThanOrEqual(1);
      return rows;
    });
    const [attempt] = await attemptsOf(env, delivery.id);
    expect(attempt).toMatchObject({ statusCode: null, error: 'address not allowed' });
    expect(receiver.received).toHaveLength(0);
  });

  it('reaches the same name when private targets are allowed (so the refusal above is the check)', async () => {
    receiver = await startWebhookReceiver();
    env = await createEventsEnv();
    const port = new URL(receiver.url).port;
    await env.register(`http://localhost:${port}/hook`);
    await recordUnsubscribed(env, await createContact(env));
    await receiver.waitFor(1);
  });
});
