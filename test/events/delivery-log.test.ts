// What staff see: test events, the delivery log (newest first, paginated, every attempt with
// its time, status, duration and error), and sending a delivery again by hand.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventsEnv, type EventsEnv, eventually, recordUnsubscribed } from '../support/events';
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

interface Page {
  deliveries: Array<{
    id: number;
    event_type: string;
    status: string;
    attempts: number;
    attempt_log: Array<{
      attempt: number;
      status_code: number | null;
      duration_ms: number;
      error: string | null;
    }>;
  }>;
  next_cursor: string | null;
}

describe('the delivery log', () => {
  it('sends a signed webhook.test event on request and shows it in the log', async () => {
    const { id, secret } = await env.register(receiver.url);
    const res = await env.api('POST', `/v1/webhooks/${id}/test`);
    expect(res.status).toBe(202);
    const queued = (await res.json()) as { event_id: number; delivery_id: number };
    const [hook] = await receiver.waitFor(1);
    expect(verifyWebhook(secret, hook)).toMatchObject({
      type: 'webhook.test',
      data: { endpoint_id: id, message: expect.any(String), occurred_at: expect.any(String) },
    });
    const page = await eventually(async () => {
      const body = (await (await env.api('GET', `/v1/webhooks/${id}/deliveries`)).json()) as Page;
      expect(body.deliveries[0]).toMatchObject({ id: queued.delivery_id, status: 'delivered' });
      return body;
    });
    expect(page.deliveries[0]).toMatchObject({
      event_type: 'webhook.test',
      attempts: 1,
      attempt_log: [{ attempt: 1, status_code: 204, error: null }],
    });
  });

  it('lists deliveries newest first, a page at a time, with every attempt', async () => {
    receiver.respondWith((_h, i) => (i === 0 ? 500 : 200));
    const { id } = await env.register(receiver.url);
    const person = await createContact(env);
    for (const topic of ['a', 'b', 'c']) await recordUnsubscribed(env, person, topic);
    await receiver.waitFor(4);
    const first = await eventually(async () => {
      const body = (await (await env.api('GET', `/v1/webhooks/${id}/deliveries?limit=2`)).json()) as Page;
      expect(body.deliveries.map((d) => d.status)).toEqual(['delivered', 'delivered']);
      return body;
    });
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = (await (
      await env.api('GET', `/v1/webhooks/${id}/deliveries?limit=2&cursor=${first.next_cursor}`)
    ).json()) as Page;
    expect(second.next_cursor).toBeNull();
    const all = [...first.deliveries, ...second.deliveries];
    expect(all.map((d) => d.id)).toEqual([...all.map((d) => d.id)].sort((x, y) => y - x));
    const oldest = all[2];
    expect(oldest.attempt_log.map((a) => [a.attempt, a.status_code, a.error])).toEqual([
      [2, 200, null],
      [1, 500, 'HTTP 500'],
    ]);
    expect(oldest.attempt_log.every((a) => Number.isInteger(a.duration_ms))).toBe(true);
  });

  it('refuses a bad page size or cursor, and retrying a delivery still under way', async () => {
    const { id } = await env.register(receiver.url);
    for (const query of ['limit=0', 'limit=101', 'cursor=abc']) {
      const res = await env.api('GET', `/v1/webhooks/${id}/deliveries?${query}`);
      expect(res.status, query).toBe(400);
    }
    receiver.respondWith({ status: 200, delayMs: 1500 });
    const { delivery_id } = (await (await env.api('POST', `/v1/webhooks/${id}/test`)).json()) as {
      delivery_id: number;
    };
    const res = await env.api('POST', `/v1/webhooks/${id}/deliveries/${delivery_id}/retry`);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'conflict' } });
    const other = await env.register(receiver.url);
    const wrong = await env.api('POST', `/v1/webhooks/${other.id}/deliveries/${delivery_id}/retry`);
    expect(wrong.status).toBe(404);
  });
});
