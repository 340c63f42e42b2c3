// Presend benchmark: a 10,000-recipient call on the Node entry over real HTTP (127.0.0.1),
// against a file database with 1,000,000 contacts over 5 topics, compared with the same
// lookups done straight against libSQL with the same json_each statements. Prints the
// figures and, last, `presend_vs_raw_ratio=<x>` (end-to-end rate / raw engine rate).
//
// The server runs as a child process (the real `src/server.ts` entry, as `npm start` runs it);
// its peak RSS is VmHWM from /proc/<pid>/status (Linux). The seeded database is kept in
// bench/.data/ (gitignored) and reused by later runs.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { parseConfig } from '../src/config';
import { createSuppressionHasher } from '../src/crypto/suppression-hasher';
import { SUPPRESSIONS_SQL } from '../src/db/presend/statements';
import { isoDateOf, softOptInFrom } from '../src/domain/customer-relationship';
import { isValidEmail, normaliseEmail } from '../src/domain/email';
import { buildNodeDeps } from '../src/node/deps';
import { openPresendConnection } from '../src/node/presend/connection';
import { spawnServer } from '../test/support/spawn-server';

// 4: contacts carry customer dates (migration 0006), so legitimate-interest topics clear them.
const SEED_VERSION = 4;
const CONTACTS = 1_000_000;
const RECIPIENTS = 10_000;
const RUNS = 30;
const WARMUP = 3;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const HASH_KEY = 'bench-suppression-hash-key-0123456789abcdef';
const hashOf = createSuppressionHasher(HASH_KEY).hash;
const SIGNING_KEYS = 'k1:bench-signing-secret-0123456789abcdef';
const TOPICS = [
  ['news', 'consent'],
  ['events', 'consent'],
  ['webinars', 'consent'],
  ['customers', 'legitimate_interest'],
  ['surveys', 'legitimate_interest'],
] as const;

const dataDir = fileURLToPath(new URL('./.data/', import.meta.url));
const dbPath = `${dataDir}presend-v${SEED_VERSION}.db`;
const dbUrl = `file:${dbPath}`;

// The bench must stop by itself, whatever happens.
setTimeout(() => {
  console.error('bench took longer than 15 minutes; giving up');
  process.exit(1);
}, 15 * 60_000).unref();

/** A small deterministic PRNG (mulberry32), so every run asks the same questions. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  // Migrate through the app's own path, then bulk-load with set-based SQL.
  const { close } = await buildNodeDeps(
    parseConfig({ DATABASE_URL: dbUrl, SIGNING_KEYS, SUPPRESSION_HASH_KEY: HASH_KEY }),
    { dataDir },
  );
  close();
  const client = createClient({ url: dbUrl });
  const topicRows = TOPICS.map(
    ([key, basis]) => `('${key}', '{"en":"${key}","nl":"${key}"}', '${basis}', 0, 0)`,
  ).join(', ');
  await client.executeMultiple(`
    PRAGMA synchronous = OFF;
    PRAGMA cache_size = -200000;
    INSERT INTO topics (key, name, basis, created_at, updated_at) VALUES ${topicRows};
  `);
  // Contacts carry their keyed hash, which only JS computes: inserted in batches, each one JSON
  // array of '<hash: 43 characters><email>'; contact i gets the id 'c' || i.
  // Every contact is in a customer relationship, so that a legitimate-interest topic clears the
  // same share of contacts as before soft opt-in needed one: 85% current customers, 15% former
  // ones whose relationship ended 1 to 12 months before the seeding (inside the default
  // 24-month window for at least a year after it).
  const hash = createSuppressionHasher(HASH_KEY).hash;
  const tx = await client.transaction('write');
  for (let from = 0; from < CONTACTS; from += 50_000) {
    const batch: string[] = [];
    for (let i = from; i < Math.min(CONTACTS, from + 50_000); i++) {
      const email = `user${i}@example.nl`;
      batch.push(hash(email) + email);
    }
    await tx.execute({
      sql: `INSERT INTO contacts (id, email, email_hash, unsubscribed_all_at, created_at, updated_at, last_activity_at,
                                  customer_since, customer_until)
              SELECT 'c' || n, substr(value, 44), substr(value, 1, 43),
                     CASE WHEN n % 50 = 7 THEN 1 END, 0, 0, 0,
                     date('2015-01-01', printf('+%d days', n % 3000)),
                     CASE WHEN n % 20 >= 17 THEN date('now', printf('-%d months', 1 + n % 12)) END
              FROM (SELECT CAST(?2 AS INTEGER) + key AS n, value FROM json_each(?1))`,
      args: [JSON.stringify(batch), from],
    });
  }
  // Each contact has a row for two of the five topics: 70% subscribed, 15% unsubscribed,
  // 15% pending.
  await tx.execute(`
    INSERT INTO subscriptions (contact_id, topic_key, status, updated_at)
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${CONTACTS - 1}),
        t(j, key) AS (VALUES ${TOPICS.map(([key], j) => `(${j}, '${key}')`).join(', ')})
      SELECT 'c' || n.i, t.key,
        CASE WHEN (n.i * 31 + t.j * 7) % 20 < 14 THEN 'subscribed'
             WHEN (n.i * 31 + t.j * 7) % 20 < 17 THEN 'unsubscribed' ELSE 'pending' END,
        0
      FROM n JOIN t ON (n.i + t.j) % 5 < 2`);
  await tx.commit();
  // Suppressions: 2.5% of contacts bounced, 0.5% complained, and 20,000 erased addresses that
  // have no contact row any more (the list outlives erasure).
  const rows: string[] = [];
  for (let i = 0; i < CONTACTS; i++) {
    if (i % 40 === 1) rows.push(`('${hashOf(`user${i}@example.nl`)}', 'bounced', 'bench', 0)`);
    if (i % 200 === 3) rows.push(`('${hashOf(`user${i}@example.nl`)}', 'complained', 'bench', 0)`);
  }
  for (let k = 0; k < 20_000; k++) {
    rows.push(`('${hashOf(`erased${k}@example.nl`)}', 'erased', 'bench', 0)`);
  }
  const statements = ['BEGIN'];
  for (let i = 0; i < rows.length; i += 5000) {
    statements.push(
      `INSERT INTO suppressions (email_hash, reason, source, created_at) VALUES ${rows.slice(i, i + 5000).join(',')}`,
    );
  }
  statements.push('COMMIT', 'CREATE TABLE bench_seeded (v INTEGER)', 'PRAGMA wal_checkpoint(TRUNCATE)');
  await client.executeMultiple(`${statements.join(';\n')};`);
  await client.execute('ANALYZE');
  client.close();
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** A campaign list: mostly known contacts, some unknown, erased, invalid and repeated. */
function recipients(seedValue: number): string[] {
  const next = rng(seedValue);
  const list: string[] = [];
  while (list.length < RECIPIENTS) {
    const r = next();
    const n = Math.floor(next() * CONTACTS);
    if (r < 0.85) list.push(n % 10 === 0 ? `User${n}@Example.NL` : `user${n}@example.nl`);
    else if (r < 0.93) list.push(`new${n}@example.be`);
    else if (r < 0.97) list.push(`erased${n % 20_000}@example.nl`);
    else if (r < 0.98) list.push(`not-an-address-${n}`);
    else list.push(list[Math.floor(next() * list.length)] ?? `user${n}@example.nl`);
  }
  return list;
}

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** CPU milliseconds (user + system) a process has used, from /proc/<pid>/stat (Linux, 100 Hz). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

// The whole question answered by the engine alone: for every address with a contact row, its
// opt-out flag, its status for the topic, whether it is in a customer relationship today
// (a customer_since, and no customer_until or one on or after ?3, the first day of the soft
// opt-in window) and its suppression-list entries (through the keyed hash stored on the row);
// then SUPPRESSIONS_SQL for the addresses without one. The service answers the same question
// with fewer probes (its suppression filter rules most contacts out in memory, see
// src/db/presend/suppression-filter.ts); this is the plain one-query way.
const RAW_CONTACTS_SQL = `
SELECT json_group_array(json_array(j.key, c.unsubscribed_all_at IS NOT NULL, s.status,
         c.customer_since IS NOT NULL AND (c.customer_until IS NULL OR c.customer_until >= ?3), x.reason))
  FROM json_each(?1) AS j
  JOIN contacts AS c ON c.email = j.value
  LEFT JOIN subscriptions AS s ON s.contact_id = c.id AND s.topic_key = ?2
  LEFT JOIN suppressions AS x ON x.email_hash = c.email_hash`;

async function rawEngine(lists: string[][]): Promise<{ times: number[]; cpuMs: number }> {
  // The connection settings the service's presend reader uses (a small page cache), so the
  // ratio compares the work done, not the tuning.
  const client = await openPresendConnection(dbUrl);
  // Every lookup of the list, with the inputs prepared beforehand: this is the engine's own
  // speed for these lookups, in one process, with no HTTP, hashing or JSON.
  const prepared = [];
  for (const list of lists) {
    // Sorted, as the service sends them (sorted lookups share index pages).
    const emails = [...new Set(list.map(normaliseEmail).filter(isValidEmail))].sort();
    const contactArgs = [JSON.stringify(emails), 'news', isoDateOf(softOptInFrom(new Date(), 24))];
    // Which addresses have no contact row is worked out here, untimed: the service learns it
    // from the first statement's answer.
    const found = await client.execute({ sql: RAW_CONTACTS_SQL, args: contactArgs });
    const known = new Set((JSON.parse(String(found.rows[0][0])) as number[][]).map((row) => row[0]));
    const unknownHashes = emails.filter((_, i) => !known.has(i)).map((e) => hashOf(e));
    prepared.push({ contactArgs, suppressionArgs: [JSON.stringify(unknownHashes)] });
  }
  const times: number[] = [];
  let cpuMs = 0;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const { contactArgs, suppressionArgs } = prepared[i % prepared.length];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const contactRows = await client.execute({ sql: RAW_CONTACTS_SQL, args: contactArgs });
    const listedRows = await client.execute({ sql: SUPPRESSIONS_SQL, args: suppressionArgs });
    const elapsed = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    // Decoding the answers is left out of the time on purpose: this is the engine's figure.
    const known = JSON.parse(String(contactRows.rows[0][0])) as unknown[];
    const listed = JSON.parse(String(listedRows.rows[0][0])) as unknown[];
    if (known.length < 1000 || listed.length < 100)
      throw new Error('the raw queries found almost nothing; is the seed right?');
    if (i >= WARMUP) {
      times.push(elapsed);
      cpuMs += (cpu.user + cpu.system) / 1000;
    }
  }
  client.close();
  return { times, cpuMs: cpuMs / RUNS };
}

async function endToEnd(lists: string[][]): Promise<{ times: number[]; peakRssMb: number; cpuMs: number }> {
  const server = await spawnServer({
    DATABASE_URL: dbUrl,
    ADMIN_API_KEY: ADMIN_KEY,
    SUPPRESSION_HASH_KEY: HASH_KEY,
    SIGNING_KEYS,
    LOG_LEVEL: 'warn',
    RETENTION_INTERVAL_MINUTES: '0',
    NODE_ENV: 'production',
  });
  try {
    const keyRes = await fetch(`${server.url}/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench mailing tool', scopes: ['presend'] }),
    });
    const { secret } = (await keyRes.json()) as { secret: string };
    const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const bodies = lists.map((list) => JSON.stringify({ topic: 'news', recipients: list }));
    const times: number[] = [];
    let cpuStart = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      if (i === WARMUP) cpuStart = processCpuMs(server.pid);
      const t0 = performance.now();
      const res = await fetch(`${server.url}/v1/presend`, {
        method: 'POST',
        headers,
        body: bodies[i % bodies.length],
      });
      const body = (await res.json()) as { results?: unknown[] };
      const elapsed = performance.now() - t0;
      if (res.status !== 200 || body.results?.length !== RECIPIENTS) {
        throw new Error(`presend answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      }
      if (i >= WARMUP) times.push(elapsed);
    }
    const cpuMs = (processCpuMs(server.pid) - cpuStart) / RUNS;
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const hwmKb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? Number.NaN);
    return { times, peakRssMb: hwmKb / 1024, cpuMs };
  } finally {
    await server.stop();
  }
}

/** CPU time the hypervisor gave to other guests (steal) and all CPU time so far, in ticks. */
function hostTicks(): { steal: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { steal: fields[7] ?? 0, total: fields.reduce((a, b) => a + b, 0) };
}

await seed();
const lists = [1, 2, 3, 4, 5].map(recipients);
const load = loadavg()[0];
const host0 = hostTicks();
const rawRun = await rawEngine(lists);
const e2e = await endToEnd(lists);
const raw = rawRun.times;

const rawMedian = median(raw);
const e2eMedian = median(e2e.times);
const rawRate = RECIPIENTS / (rawMedian / 1000);
const e2eRate = RECIPIENTS / (e2eMedian / 1000);
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const host1 = hostTicks();
const stealPct = (100 * (host1.steal - host0.steal)) / Math.max(1, host1.total - host0.total);
// The machine may be shared: the load average, the CPU time the hypervisor gave to other
// guests (steal) and the CPU time per call say how much of the wall-clock figures is waiting
// for a core rather than work.
console.log(
  `machine: ${cpus().length} cores, node ${process.version}, load average ${fmt(load, 2)} -> ${fmt(loadavg()[0], 2)}, cpu steal ${fmt(stealPct)}%`,
);
console.log(`contacts=${CONTACTS} recipients_per_call=${RECIPIENTS} runs=${RUNS} (after ${WARMUP} warm-up)`);
console.log(`presend_http_median_ms=${fmt(e2eMedian)}`);
console.log(`presend_http_p95_ms=${fmt(quantile(e2e.times, 0.95))}`);
console.log(`presend_http_recipients_per_s=${Math.round(e2eRate)}`);
console.log(`presend_server_cpu_ms_per_call=${fmt(e2e.cpuMs)}`);
console.log(`presend_server_peak_rss_mb=${fmt(e2e.peakRssMb)}`);
console.log(`raw_libsql_median_ms=${fmt(rawMedian)}`);
console.log(`raw_libsql_p95_ms=${fmt(quantile(raw, 0.95))}`);
console.log(`raw_libsql_cpu_ms_per_call=${fmt(rawRun.cpuMs)}`);
console.log(`raw_libsql_recipients_per_s=${Math.round(rawRate)}`);
console.log(`presend_vs_raw_ratio=${fmt(e2eRate / rawRate, 2)}`);
