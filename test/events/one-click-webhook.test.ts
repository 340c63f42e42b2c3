// The promise end to end: with a receiver registered, a one-click unsubscribe from a mail
// client reaches it over real HTTP as a verified contact.unsubscribed within a second.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/node/serve';
import { createEventsEnv, type EventsEnv } from '../support/events';
import { createContact, createTopic, startTestServer } from '../support/harness';
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '../support/webhook-receiver';

let env: EventsEnv;
let server: RunningServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  env = await createEventsEnv();
  server = await startTestServer(env);
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver.close();
  await server.close();
  env.close();
});

describe('a one-click unsubscribe with a webhook registered', () => {
  it('reaches the receiver as a verified contact.unsubscribed within a second', async () => {
    const { secret } = await env.register(receiver.url, { events: ['contact.unsubscribed'] });
    const news = await createTopic(env);
    const { id, email } = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    const links = (await (
      await env.api('POST', '/v1/links', { email, topic: news, campaign: 'spring' })
    ).json()) as {
      unsubscribe_url: string;
    };
    const url = `${server.url}${new URL(links.unsubscribe_url).pathname}`;

    const started = Date.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    const [hook] = await receiver.waitFor(1, 1000);
    expect(hook.receivedAt - started).toBeLessThan(1000);
    expect(verifyWebhook(secret, hook)).toEqual({
      type: 'contact.unsubscribed',
      timestamp: expect.any(String),
      data: {
        contact_id: id,
        email,
        topic: news,
        source: 'one-click',
        campaign: 'spring',
        occurred_at: expect.any(String),
      },
    });
  });
});
