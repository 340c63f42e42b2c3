// Outbound events on the Worker, bundled by wrangler as it deploys and run in workerd
// (Miniflare) with a real local Queue: the request that commits hands the event to the queue,
// the queue consumer delivers it (and queues its retry), and the cron sweeps an event whose
// enqueue was lost.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HranaServer, startHranaServer } from '../../scripts/hrana-server';
import { openDb } from '../../src/db/client';
import { openNodeDatabase } from '../../src/db/node';
import { outboxEvents, webhookEndpoints } from '../../src/db/schema';
import { recordEvent } from '../../src/domain/events';
import { eventually } from '../support/events';
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '../support/webhook-receiver';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'mailprefs-worker-events-'));
const DB_TOKEN = 'turso-like-token';
const ADMIN = 'worker-admin-key-0123456789';
let hrana: HranaServer;
let mf: Miniflare;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  hrana = await startHranaServer({ dbPath: join(dir, 'remote.db'), authToken: DB_TOKEN });
  const env = {
    ...process.env,
    DATABASE_URL: hrana.url,
    DATABASE_AUTH_TOKEN: DB_TOKEN,
    WRANGLER_SEND_METRICS: 'false',
  };
  await run('npm', ['run', '--silent', 'db:migrate'], { env });
  const out = join(dir, 'dist');
  await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out], { env });
  mf = new Miniflare({
    modules: true,
    scriptPath: join(out, 'worker.js'),
    modulesRoot: out,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    bindings: {
      DATABASE_URL: hrana.url,
      DATABASE_AUTH_TOKEN: DB_TOKEN,
      ADMIN_API_KEY: ADMIN,
      SIGNING_KEYS: 'w1:worker-signing-secret-0123456789abcdef',
      SUPPRESSION_HASH_KEY: 'worker-suppression-key-0123456789abcdef',
      ENCRYPTION_KEY: 'worker-encryption-key-0123456789abcdef',
      PUBLIC_URL: 'https://prefs.example.com',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_SCHEDULE: '0,1',
      LOG_LEVEL: 'error',
    },
    queueProducers: { EVENTS_QUEUE: { queueName: 'mailprefs-events' } },
    queueConsumers: { 'mailprefs-events': { maxBatchSize: 25, maxBatchTimeout: 1 } },
  });
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  await hrana?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (method: string, path: string, body?: unknown) =>
  mf.dispatchFetch(`https://prefs.example.com${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
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
    const database = await openNodeDatabase(hrana.url, DB_TOKEN);
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
});
