// Outbound webhooks benchmark, on the Node entry (`src/server.ts` as a child process) and a
// local receiver on 127.0.0.1:
//   - throughput: a backlog of events written before the server starts, drained by its
//     in-process dispatcher; events delivered per second, first to last receipt;
//   - latency: on the then idle server, one-click unsubscribes one at a time; the median time
//     from sending the one-click request to the receiver getting the signed webhook.
// The receiver only counts (and verifies a sample with standardwebhooks), so it costs little
// of the two cores it shares with the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { parseConfig } from '../src/config';
import { webhookContext } from '../src/deps';
import { recordEvents } from '../src/domain/events';
import { createWebhookEndpoint } from '../src/domain/webhook-endpoints';
import { buildNodeDeps } from '../src/node/deps';
import { spawnServer } from '../test/support/spawn-server';

const BACKLOG = 5000;
const LATENCY_RUNS = 40;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const env = {
  ADMIN_API_KEY: ADMIN_KEY,
  SIGNING_KEYS: 'k1:bench-signing-secret-0123456789abcdef',
  SUPPRESSION_HASH_KEY: 'bench-suppression-hash-key-0123456789abcdef',
  ENCRYPTION_KEY: 'bench-encryption-key-0123456789abcdef',
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  RETENTION_INTERVAL_MINUTES: '0',
  LOG_LEVEL: 'error',
};

setTimeout(() => {
  console.error('bench took longer than 5 minutes; giving up');
  process.exit(1);
}, 5 * 60_000).unref();

const received: Array<{
  at: number;
  contactId: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
}> = [];
let onReceive: (() => void) | undefined;
const receiver = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', () => {
    const at = performance.now();
    const contactId = /"contact_id":"([^"]+)"/.exec(body)?.[1] ?? '';
    received.push({
      at,
      contactId,
      id: String(req.headers['webhook-id']),
      timestamp: String(req.headers['webhook-timestamp']),
      signature: String(req.headers['webhook-signature']),
      body,
    });
    res.writeHead(204).end();
    onReceive?.();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const waitFor = (count: number, timeoutMs = 60_000) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${received.length} of ${count} arrived`)),
      timeoutMs,
    );
    const check = () => {
      if (received.length >= count) {
        clearTimeout(timer);
        onReceive = undefined;
        resolve();
      }
    };
    onReceive = check;
    check();
  });

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-bench-webhooks-'));
const databaseUrl = `file:${join(dir, 'bench.db')}`;
try {
  // The backlog, written the way changes write it, before the server starts.
  const { deps, close } = await buildNodeDeps(parseConfig({ ...env, DATABASE_URL: databaseUrl }), {
    dataDir: dir,
  });
  const { secret } = await createWebhookEndpoint({ ctx: webhookContext(deps), input: { url: receiverUrl } });
  const now = new Date();
  for (let start = 0; start < BACKLOG; start += 500) {
    await deps.db.transaction((tx) =>
      recordEvents(
        tx,
        Array.from({ length: Math.min(500, BACKLOG - start) }, (_, k) => ({
          type: 'contact.unsubscribed' as const,
          at: now,
          data: {
            contact_id: `c_bench${String(start + k).padStart(7, '0')}`,
            email: `bench${start + k}@example.nl`,
            topic: 'news',
            source: 'bench',
          },
        })),
      ),
    );
  }
  close();

  const server = await spawnServer({ ...env, DATABASE_URL: databaseUrl });
  try {
    await waitFor(BACKLOG);
    const first = received[0].at;
    const last = received[BACKLOG - 1].at;
    const rate = (BACKLOG - 1) / ((last - first) / 1000);
    const sample = received.slice(0, 10);
    for (const hook of sample) {
      new Webhook(secret).verify(hook.body, {
        'webhook-id': hook.id,
        'webhook-timestamp': hook.timestamp,
        'webhook-signature': hook.signature,
      });
    }
    console.log(`backlog of ${BACKLOG} events delivered in ${((last - first) / 1000).toFixed(2)} s`);
    console.log(`webhook_events_per_second=${Math.round(rate)}`);

    // Latency on an idle server: real one-click unsubscribes.
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await api('PUT', '/v1/topics/news', { name: { en: 'News', nl: 'Nieuws' }, basis: 'consent' });
    const links: Array<{ contactId: string; path: string }> = [];
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const email = `latency${i}@example.nl`;
      const contact = (await (
        await api('POST', '/v1/contacts', {
          email,
          subscriptions: { news: 'subscribed' },
          consent: { source: 'bench', text: 'Yes' },
        })
      ).json()) as { id: string };
      const link = (await (await api('POST', '/v1/links', { email, topic: 'news' })).json()) as {
        unsubscribe_url: string;
      };
      links.push({ contactId: contact.id, path: new URL(link.unsubscribe_url).pathname });
    }
    // Let the topic.updated and contact.subscribed events above go out first.
    await new Promise((r) => setTimeout(r, 1000));
    const times: number[] = [];
    for (const link of links) {
      const arrived = new Promise<number>((resolve) => {
        const watch = setInterval(() => {
          const hook = received.find(
            (h) => h.contactId === link.contactId && h.body.includes('contact.unsubscribed'),
          );
          if (hook) {
            clearInterval(watch);
            resolve(hook.at);
          }
        }, 1);
      });
      const sent = performance.now();
      const res = await fetch(`${server.url}${link.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      if (res.status !== 200) throw new Error(`one-click answered ${res.status}`);
      times.push((await arrived) - sent);
      await new Promise((r) => setTimeout(r, 50));
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(
      `one-click request to webhook received, ${LATENCY_RUNS} runs: median ${median.toFixed(1)} ms, ` +
        `p90 ${times[Math.floor(times.length * 0.9)].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`,
    );
    console.log(`webhook_commit_to_delivery_median_ms=${median.toFixed(1)}`);
  } finally {
    await server.stop();
  }
} finally {
  receiver.closeAllConnections();
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
}
