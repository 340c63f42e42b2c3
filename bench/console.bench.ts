// Console benchmark: server time of the dashboard (GET /admin) and of a contact page
// (GET /admin/contacts/{id}) on a file database with 1,000,000 contacts over 5 topics, two
// subscriptions each, about 1.7 million consent-trail entries spread over the last 20 weeks,
// 2.5% bounced and 0.5% complained. Requests go through the app in-process (app.request) with
// a signed-in staff session, so the time is the server's: routing, guard, queries, rendering.
// Target: under 100 ms each. The seeded database is kept in bench/.data/ and reused.
import { existsSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { createApp } from '../src/app';
import { parseConfig } from '../src/config';
import { createSuppressionHasher } from '../src/crypto/suppression-hasher';
import type { AppDeps } from '../src/deps';
import { buildNodeDeps } from '../src/node/deps';
import { makeAccount, signIn } from '../test/support/console';
import type { TestEnv } from '../test/support/harness';

const SEED_VERSION = 1;
const CONTACTS = 1_000_000;
const RUNS = 30;
const WARMUP = 3;
const HASH_KEY = 'bench-suppression-hash-key-0123456789abcdef';
const SIGNING_KEYS = 'k1:bench-signing-secret-0123456789abcdef';
const TOPICS = ['news', 'events', 'webinars', 'customers', 'surveys'];
const DAY_MS = 86_400_000;

const dataDir = fileURLToPath(new URL('./.data/', import.meta.url));
const dbPath = `${dataDir}console-v${SEED_VERSION}.db`;
const dbUrl = `file:${dbPath}`;

setTimeout(() => {
  console.error('bench took longer than 10 minutes; giving up');
  process.exit(1);
}, 10 * 60_000).unref();

const config = parseConfig({
  DATABASE_URL: dbUrl,
  SIGNING_KEYS,
  SUPPRESSION_HASH_KEY: HASH_KEY,
  PUBLIC_URL: 'http://127.0.0.1:8787',
  RETENTION_INTERVAL_MINUTES: '0',
  LOG_LEVEL: 'error',
});

async function seed() {
  if (existsSync(dbPath)) {
    const client = createClient({ url: dbUrl });
    try {
      const done = await client.execute("select 1 from sqlite_master where name = 'bench_seeded'");
      if (done.rows.length > 0) return;
    } finally {
      client.close();
    }
    rmSync(dbPath, { force: true });
  }
  const started = Date.now();
  console.log(`seeding ${CONTACTS.toLocaleString('en')} contacts into ${dbPath} (once; reused later)`);
  (await buildNodeDeps(config, { dataDir })).close();
  const client = createClient({ url: dbUrl });
  const now = Date.now();
  await client.executeMultiple(`
    PRAGMA synchronous = OFF;
    PRAGMA cache_size = -200000;
    INSERT INTO topics (key, name, basis, created_at, updated_at) VALUES
      ${TOPICS.map((k, i) => `('${k}', '{"en":"${k}","nl":"${k}"}', '${i < 3 ? 'consent' : 'legitimate_interest'}', 0, 0)`).join(', ')};
  `);
  const hash = createSuppressionHasher(HASH_KEY).hash;
  const tx = await client.transaction('write');
  for (let from = 0; from < CONTACTS; from += 50_000) {
    const batch: string[] = [];
    for (let i = from; i < Math.min(CONTACTS, from + 50_000); i++)
      batch.push(`${hash(`user${i}@example.nl`)}user${i}@example.nl`);
    await tx.execute({
      sql: `INSERT INTO contacts (id, email, email_hash, created_at, updated_at, last_activity_at, customer_since)
              SELECT 'c_' || printf('%07d', n), substr(value, 44), substr(value, 1, 43), ?3, ?3, ?3, '2020-01-01'
              FROM (SELECT CAST(?2 AS INTEGER) + key AS n, value FROM json_each(?1))`,
      args: [JSON.stringify(batch), from, now - 140 * DAY_MS],
    });
  }
  // Two topics per contact: 70% subscribed, 15% unsubscribed, 15% pending (the triggers of
  // migration 0011 count them as they go in).
  await tx.execute(`
    INSERT INTO subscriptions (contact_id, topic_key, status, updated_at)
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${CONTACTS - 1}),
        t(j, key) AS (VALUES ${TOPICS.map((k, j) => `(${j}, '${k}')`).join(', ')})
      SELECT 'c_' || printf('%07d', n.i), t.key,
        CASE WHEN (n.i * 31 + t.j * 7) % 20 < 14 THEN 'subscribed'
             WHEN (n.i * 31 + t.j * 7) % 20 < 17 THEN 'unsubscribed' ELSE 'pending' END, 0
      FROM n JOIN t ON (n.i + t.j) % 5 < 2`);
  // The trail: a subscribe for every subscription that is not pending, and an unsubscribe after
  // it for the unsubscribed ones, spread over the last 140 days.
  await tx.execute({
    sql: `INSERT INTO consent_events (contact_id, topic_key, action, source, occurred_at, wording)
            SELECT contact_id, topic_key, 'subscribe', 'import:bench', ?1 + (CAST(substr(contact_id, 3) AS INTEGER) % 140) * ${DAY_MS}, 'Yes, send me news'
            FROM subscriptions WHERE status <> 'pending'
          UNION ALL
            SELECT contact_id, topic_key, 'unsubscribe', 'one-click', ?1 + (CAST(substr(contact_id, 3) AS INTEGER) % 140) * ${DAY_MS} + 3600000, NULL
            FROM subscriptions WHERE status = 'unsubscribed'
          ORDER BY 1`,
    args: [now - 140 * DAY_MS],
  });
  await tx.commit();
  const rows: string[] = [];
  for (let i = 0; i < CONTACTS; i++) {
    if (i % 40 === 1) rows.push(`('${hash(`user${i}@example.nl`)}', 'bounced', 'bench', ${now})`);
    if (i % 200 === 3) rows.push(`('${hash(`user${i}@example.nl`)}', 'complained', 'bench', ${now})`);
  }
  const statements = ['BEGIN'];
  for (let i = 0; i < rows.length; i += 5000) {
    statements.push(
      `INSERT INTO suppressions (email_hash, reason, source, created_at) VALUES ${rows.slice(i, i + 5000).join(',')}`,
    );
  }
  statements.push(
    'COMMIT',
    'CREATE TABLE bench_seeded (v INTEGER)',
    'ANALYZE',
    'PRAGMA wal_checkpoint(TRUNCATE)',
  );
  await client.executeMultiple(`${statements.join(';\n')};`);
  client.close();
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function summary(name: string, times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(
    `${name}: median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms (${times.length} runs)`,
  );
  return at(0.5);
}

await seed();
const built = await buildNodeDeps(config, { dataDir });
const deps: AppDeps = built.deps;
const app = createApp(deps);
// The console helpers only use the app and its dependencies.
const env = { app, deps } as unknown as TestEnv;
const staff = await signIn(env, await makeAccount(env, 'staff'));

async function time(path: string): Promise<number> {
  const started = performance.now();
  const res = await app.request(path, { headers: { cookie: staff.cookie } });
  const body = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body.slice(0, 200)}`);
  return ms;
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (let i = 0; i < WARMUP; i++) await time('/admin');
const dashboard: number[] = [];
for (let i = 0; i < RUNS; i++) dashboard.push(await time('/admin'));
const contactIds = Array.from(
  { length: RUNS + WARMUP },
  (_, i) => `c_${String((i * 7919 * 31) % CONTACTS).padStart(7, '0')}`,
);
for (const id of contactIds.slice(0, WARMUP)) await time(`/admin/contacts/${id}`);
const contact: number[] = [];
for (const id of contactIds.slice(WARMUP)) contact.push(await time(`/admin/contacts/${id}`));
const d = summary('dashboard GET /admin', dashboard);
const c = summary('contact page GET /admin/contacts/{id}', contact);
console.log(
  `target < 100 ms: dashboard ${d < 100 ? 'met' : 'NOT met'}, contact page ${c < 100 ? 'met' : 'NOT met'}`,
);
built.close();
