// Rotating a secret: for a day every request carries a signature with each secret, so the
// receiver can switch without missing a delivery; after that only the new secret signs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DAY_MS } from '../../src/domain/clock';
import { createEventsEnv, type EventsEnv, recordUnsubscribed } from '../support/events';
import { createContact } from '../support/harness';
import {
  signedWith,
  startWebhookReceiver,
  verifyWebhook,
  type WebhookReceiver,
} from '../support/webhook-receiver';

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

describe('secret rotation', () => {
  it('signs with both secrets for 24 hours, then with the new one only', async () => {
    const { id, secret: old } = await env.register(receiver.url);
    const res = await env.api('POST', `/v1/webhooks/${id}/rotate-secret`);
    expect(res.status).toBe(200);
    const rotated = (await res.json()) as { secret: string; previous_secret_expires_at: string };
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(old);
    expect(
      new Date(rotated.previous_secret_expires_at).getTime() - env.clock.now().getTime(),
    ).toBeGreaterThan(DAY_MS - 60_000);

    await recordUnsubscribed(env, await createContact(env));
    const [during] = await receiver.waitFor(1);
    expect(during.signature.split(' ')).toHaveLength(2);
    // A receiver still on the old secret and one already on the new both accept it.
    expect(verifyWebhook(old, during)).toMatchObject({ type: 'contact.unsubscribed' });
    expect(verifyWebhook(rotated.secret, during)).toMatchObject({ type: 'contact.unsubscribed' });

    env.clock.advance(DAY_MS + 60_000);
    await recordUnsubscribed(env, await createContact(env));
    const [, after] = await receiver.waitFor(2);
    expect(after.signature.split(' ')).toHaveLength(1);
    expect(signedWith(rotated.secret, after)).toBe(true);
    expect(signedWith(old, after)).toBe(false);
  });

  it('a second rotation within the day drops the oldest secret', async () => {
    const { id, secret: first } = await env.register(receiver.url);
    const second = (
      (await (await env.api('POST', `/v1/webhooks/${id}/rotate-secret`)).json()) as { secret: string }
    ).secret;
    const third = (
      (await (await env.api('POST', `/v1/webhooks/${id}/rotate-secret`)).json()) as { secret: string }
    ).secret;
    await recordUnsubscribed(env, await createContact(env));
    const [hook] = await receiver.waitFor(1);
    expect(signedWith(third, hook)).toBe(true);
    expect(signedWith(second, hook)).toBe(true);
    expect(signedWith(first, hook)).toBe(false);
  });

  it('a rotated secret signs the very next delivery, though the old one was already opened', async () => {
    const { id, secret: old } = await env.register(receiver.url);
    await recordUnsubscribed(env, await createContact(env));
    const [before] = await receiver.waitFor(1);
    expect(signedWith(old, before)).toBe(true);
    const rotated = (
      (await (await env.api('POST', `/v1/webhooks/${id}/rotate-secret`)).json()) as { secret: string }
    ).secret;
    await recordUnsubscribed(env, await createContact(env));
    const [, next] = await receiver.waitFor(2);
    expect(signedWith(rotated, next)).toBe(true);
    expect(signedWith(old, next)).toBe(true);
  });

  it('deleting an endpoint drops its opened secret from memory', async () => {
    const { id, secret } = await env.register(receiver.url);
    await recordUnsubscribed(env, await createContact(env));
    expect(signedWith(secret, (await receiver.waitFor(1))[0])).toBe(true);
    const box = env.deps.webhooks.secretBox!;
    const forget = vi.spyOn(box, 'forget');
    expect((await env.api('DELETE', `/v1/webhooks/${id}`)).status).toBe(204);
    expect(forget).toHaveBeenCalledWith(`webhook:${id}`);
  });
});
