// At least once, across a crash: changes the server acknowledged are delivered even when it is
// killed with -9 while their webhooks are in flight. The restarted server (or any other on the
// same database) picks the claimed deliveries up once their lease runs out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_KEY, SIGNING_KEYS, SUPPRESSION_KEY } from '../support/harness';
import { type SpawnedServer, spawnServer } from '../support/spawn-server';
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '../support/webhook-receiver';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-kill-'));
const serverEnv = {
  DATABASE_URL: `file:${join(dir, 'kill.db')}`,
  ADMIN_API_KEY: ADMIN_KEY,
  SIGNING_KEYS,
  SUPPRESSION_HASH_KEY: SUPPRESSION_KEY,
  ENCRYPTION_KEY: 'kill-test-encryption-key-0123456789abcdef',
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_RETRY_SCHEDULE: '0,1,1,1',
  WEBHOOK_TIMEOUT_SECONDS: '2',
  WEBHOOK_LEASE_SECONDS: '3',
  RETENTION_INTERVAL_MINUTES: '0',
  LOG_LEVEL: 'error',
};
let receiver: WebhookReceiver;
let server: SpawnedServer | undefined;

beforeAll(async () => {
  // Until the crash the receiver holds every request without answering.
  receiver = await startWebhookReceiver(() => ({ status: 200, delayMs: 60_000 }));
});

afterAll(async () => {
  await server?.stop();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

const api = (base: string, method: string, path: string, body?: unknown) =>
  fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('a server killed after it acknowledged changes', () => {
  it('twenty acknowledged unsubscribes are all delivered after a restart', async () => {
    server = await spawnServer(serverEnv);
    const created = await api(server.url, 'POST', '/v1/webhooks', {
      url: receiver.url,
      events: ['contact.unsubscribed'],
    });
    expect(created.status).toBe(201);
    const { id, secret } = (await created.json()) as { id: string; secret: string };

    expect(
      (
        await api(server.url, 'PUT', '/v1/topics/news', {
          name: { en: 'News', nl: 'Nieuws' },
          basis: 'consent',
        })
      ).status,
    ).toBe(201);
    const people: Array<{ id: string; url: string }> = [];
    for (let i = 0; i < 20; i++) {
      const email = `killed-${i}@example.nl`;
      const contact = await api(server.url, 'POST', '/v1/contacts', {
        email,
        subscriptions: { news: 'subscribed' },
        consent: { source: 'test', text: 'Yes' },
      });
      const links = (await (await api(server.url, 'POST', '/v1/links', { email, topic: 'news' })).json()) as {
        unsubscribe_url: string;
      };
      people.push({
        id: ((await contact.json()) as { id: string }).id,
        url: new URL(links.unsubscribe_url).pathname,
      });
    }
    // Twenty acknowledged one-click unsubscribes.
    for (const person of people) {
      const res = await fetch(`${server.url}${person.url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(200);
    }
    await receiver.waitFor(1);
    process.kill(server.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const beforeRestart = receiver.received.length;

    receiver.respondWith(200);
    server = await spawnServer(serverEnv);
    const expected = new Set(people.map((p) => p.id));
    const deliveredAfterRestart = () =>
      new Set(
        receiver.received
          .slice(beforeRestart)
          .filter((h) => h.json.type === 'contact.unsubscribed')
          .map((h) => h.json.data.contact_id as string),
      );
    const deadline = Date.now() + 15_000;
    while (deliveredAfterRestart().size < expected.size && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(deliveredAfterRestart()).toEqual(expected);
    for (const hook of receiver.received.slice(beforeRestart)) {
      expect(verifyWebhook(secret, hook)).toMatchObject({
        type: 'contact.unsubscribed',
        data: { topic: 'news' },
      });
    }
    // An attempt is recorded just after its answer came (the round's flush, in the dispatcher's
    // thread), so on a busy host the log may be read a moment before it says so.
    await vi.waitFor(
      async () => {
        const log = (await (
          await api(server!.url, 'GET', `/v1/webhooks/${id}/deliveries?limit=100`)
        ).json()) as { deliveries: Array<{ event_type: string; status: string }> };
        const unsubscribes = log.deliveries.filter((d) => d.event_type === 'contact.unsubscribed');
        expect(unsubscribes.map((d) => d.status)).toEqual(Array(20).fill('delivered'));
      },
      { timeout: 5000, interval: 100 },
    );
  }, 60_000);
});
