// Outbound events on the Worker, bundled by wrangler as it deploys and run in workerd
// (Miniflare) with a real local Queue: the request that commits hands the event to the queue,
// the queue consumer delivers it (and queues its retry), and the cron sweeps an event whose
// enqueue was lost (and mails a sign-up whose waitUntil was cut off).
import { eq } from 'drizzle-orm';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client';
import { openNodeDatabase } from '../../src/db/node';
import { outboxEvents, signUpsDue, webhookEndpoints } from '../../src/db/schema';
import { recordEvent } from '../../src/domain/events';
import { eventually } from '../support/events';
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '../support/webhook-receiver';
import {
  type AdminCall,
  type BuiltWorker,
  startOutboundWorker,
  WORKER_DB_TOKEN,
} from '../support/worker-harness';

let worker: BuiltWorker;
let mf: Miniflare;
let call: AdminCall;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  ({ worker, mf, call } = await startOutboundWorker('worker-events'));
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await receiver?.close();
});

describe('outbound events on the Worker', () => {
  let endpoint: { id: string; secret: string };

  it('delivers a committed event through its queue, signed, and retries a 500 with the same id', async () => {
    const created = await call('POST', '/v1/webhooks', { url: receiver.url });
    expect(created.status).toBe(201);
    endpoint = (await created.json()) as { id: string; secret: string };

    receiver.respondWith((_h, i) => (i === 0 ? 500 : 200));
    const res = await call('POST', `/v1/webhooks/${endpoint.id}/test`);
    expect(res.status).toBe(202);
    const [first, second] = await receiver.waitFor(2, 20_000);
    expect(second.id).toBe(first.id);
    expect(verifyWebhook(endpoint.secret, second)).toMatchObject({ type: 'webhook.test' });
    await eventually(async () => {
      const log = (await (await call('GET', `/v1/webhooks/${endpoint.id}/deliveries`)).json()) as {
        deliveries: Array<{ status: string; attempt_log: Array<{ status_code: number }> }>;
      };
      expect(log.deliveries[0].status).toBe('delivered');
      expect(log.deliveries[0].attempt_log.map((a) => a.status_code)).toEqual([200, 500]);
    }, 10_000);
  });

  it('the cron sweep queues an event whose enqueue was lost', async () => {
    const database = await openNodeDatabase(worker.hrana.url, WORKER_DB_TOKEN);
    try {
      const db = openDb(database.db.$client);
      const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
      expect(row.enabled).toBe(true);
      // Written as a change would write it, but never handed to the queue.
      const eventId = await db.transaction((tx) =>
        recordEvent(tx, {
          type: 'contact.erased',
          at: new Date(Date.now() - 2 * 60_000),
          data: { contact_id: null, email: 'lost@example.nl', topic: null, source: 'api' },
        }),
      );
      const before = receiver.received.length;
      const worker = (await mf.getWorker()) as unknown as {
        scheduled(options: { cron: string; scheduledTime: Date }): Promise<unknown>;
      };
      await worker.scheduled({ cron: '*/5 * * * *', scheduledTime: new Date() });
      const hooks = await receiver.waitFor(before + 1, 20_000);
      expect(verifyWebhook(endpoint.secret, hooks[before])).toMatchObject({
        type: 'contact.erased',
        data: { email: 'lost@example.nl' },
      });
      const [event] = await db.select().from(outboxEvents).where(eq(outboxEvents.id, eventId!));
      expect(event.enqueuedAt).not.toBeNull();
    } finally {
      database.close();
    }
  });

  it('the cron mails a sign-up whose waitUntil was cut off, and records it', async () => {
    const topic = await call('PUT', '/v1/topics/worker-news', { name: { en: 'News' }, basis: 'consent' });
    expect(topic.status).toBe(201);
    const database = await openNodeDatabase(worker.hrana.url, WORKER_DB_TOKEN);
    try {
      const db = openDb(database.db.$client);
      // What the request wrote before its answer; its mail task never ran.
      await db.insert(signUpsDue).values({
        id: 'su_cut_off',
        email: 'cut-off@example.nl',
        topics: ['worker-news'],
        fallbackLocale: 'nl',
        source: 'website-footer',
        ip: '198.51.100.0',
        tokenId: 'cutofftoken1',
        createdAt: new Date(Date.now() - 2 * 60_000),
      });
      const worker = (await mf.getWorker()) as unknown as {
        scheduled(options: { cron: string; scheduledTime: Date }): Promise<unknown>;
      };
      await worker.scheduled({ cron: '*/5 * * * *', scheduledTime: new Date() });
      expect(await db.select().from(signUpsDue)).toEqual([]);
      const contact = (await (await call('GET', '/v1/contacts/cut-off%40example.nl')).json()) as {
        subscriptions: Record<string, string>;
        consent_trail: Array<Record<string, unknown>>;
      };
      expect(contact.subscriptions).toEqual({ 'worker-news': 'pending' });
      expect(contact.consent_trail).toEqual([
        expect.objectContaining({ action: 'request', source: 'website-footer', token_id: 'cutofftoken1' }),
      ]);
    } finally {
      database.close();
    }
  });
});
