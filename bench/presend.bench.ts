// Presend benchmark: a 10,000-recipient call on the Node entry over real HTTP (127.0.0.1),
// against a file database with 1,000,000 contacts over 5 topics, compared with the same
// lookups done straight against libSQL with the same json_each statements. Prints the
// figures and, last, `presend_vs_raw_ratio=<x>` (end-to-end rate / raw engine rate).
//
// The server runs as a child process (the real `src/server.ts` entry, as `npm start` runs it);
// its peak RSS is VmHWM from /proc/<pid>/status (Linux). The seeded database is kept in
// bench/.data/ (gitignored) and reused by later runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { SUPPRESSIONS_SQL } from '../src/db/presend/statements';
import { isoDateOf, softOptInFrom } from '../src/domain/customer-relationship';
import { isValidEmail, normaliseEmail } from '../src/domain/email';
import { openPresendConnection } from '../src/node/presend/connection';
import { type SpawnedServer, spawnServer } from '../test/support/spawn-server';
import { figure, load } from './support/load';
import {
  ADMIN_KEY,
  CONTACTS,
  dbUrl,
  HASH_KEY,
  hashOf,
  rng,
  SIGNING_KEYS,
  seed,
} from './support/presend-seed';

const RECIPIENTS = 10_000;
// Three rounds (raw engine, then the service), each of RUNS timed calls: the ratio printed is
// the median of the three rounds' ratios, so one slow minute on the shared host moves it less.
const ROUNDS = Number(process.env.BENCH_PRESEND_ROUNDS ?? 3);
const RUNS = Number(process.env.BENCH_PRESEND_RUNS ?? 10);
const WARMUP = 3;
// One recipient per call: seconds of load per phase (healthz, presend, healthz, presend).
const SINGLE_SECONDS = Number(process.env.BENCH_SINGLE_SECONDS ?? 8);
const SINGLE_CONNECTIONS = 16;

// The bench must stop by itself, whatever happens.
setTimeout(() => {
  console.error('bench took longer than 15 minutes; giving up');
  process.exit(1);
}, 15 * 60_000).unref();

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

async function startServer(): Promise<{ server: SpawnedServer; secret: string }> {
  const server = await spawnServer({
    DATABASE_URL: dbUrl,
    ADMIN_API_KEY: ADMIN_KEY,
    SUPPRESSION_HASH_KEY: HASH_KEY,
    SIGNING_KEYS,
    LOG_LEVEL: 'warn',
    RETENTION_INTERVAL_MINUTES: '0',
    NODE_ENV: 'production',
    // BENCH_SERVER_NODE_OPTIONS=--trace-gc …: options for the server child (as oneclick.bench.ts);
    // BENCH_SERVER_OUTPUT=<file> keeps what it printed, e.g. that GC trace.
    ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
  });
  const keyRes = await fetch(`${server.url}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench mailing tool', scopes: ['presend'] }),
  });
  const { secret } = (await keyRes.json()) as { secret: string };
  return { server, secret };
}

async function endToEnd(
  server: SpawnedServer,
  secret: string,
  lists: string[][],
): Promise<{ times: number[]; cpuMs: number }> {
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  const bodies = lists.map((list) => JSON.stringify({ topic: 'news', recipients: list }));
  const times: number[] = [];
  let cpuStart = 0;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    if (i === WARMUP) cpuStart = processCpuMs(server.pid);
    const t0 = performance.now();
    const send = () =>
      fetch(`${server.url}/v1/presend`, { method: 'POST', headers, body: bodies[i % bodies.length] });
    // The server closes a keep-alive connection idle for 5 s (while the raw engine ran): a
    // call that finds its socket closed is sent again on a new one.
    const res = await send().catch(send);
    const body = (await res.json()) as { results?: unknown[] };
    const elapsed = performance.now() - t0;
    if (res.status !== 200 || body.results?.length !== RECIPIENTS) {
      throw new Error(`presend answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    }
    if (i >= WARMUP) times.push(elapsed);
  }
  return { times, cpuMs: (processCpuMs(server.pid) - cpuStart) / RUNS };
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? Number.NaN) / 1024;
}

/**
 * One recipient per call, the way a mailing tool asks just before each send, on 16 connections,
 * against /healthz on the same server and the same number of connections, in turn (healthz,
 * presend, healthz, presend) so that a change in the host's load touches both.
 */
async function singleRecipient(server: SpawnedServer, secret: string) {
  const next = rng(99);
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  const presend = () =>
    load({
      url: `${server.url}/v1/presend`,
      connections: SINGLE_CONNECTIONS,
      duration: SINGLE_SECONDS,
      method: 'POST',
      headers,
      vary: () => ({
        body: JSON.stringify({ topic: 'news', email: `user${Math.floor(next() * CONTACTS)}@example.nl` }),
      }),
    });
  const health = () =>
    load({ url: `${server.url}/healthz`, connections: SINGLE_CONNECTIONS, duration: SINGLE_SECONDS });
  // A short warm-up of both.
  await load({ url: `${server.url}/healthz`, connections: SINGLE_CONNECTIONS, duration: 1 });
  await load({
    url: `${server.url}/v1/presend`,
    connections: SINGLE_CONNECTIONS,
    duration: 1,
    method: 'POST',
    headers,
    body: JSON.stringify({ topic: 'news', email: 'user1@example.nl' }),
  });
  const runs = {
    health: [] as number[],
    presend: [] as number[],
    p99: [] as number[],
    p50: [] as number[],
    healthP99: [] as number[],
    healthP50: [] as number[],
    healthCpu: [] as number[],
    presendCpu: [] as number[],
  };
  let failed = 0;
  const phases: string[] = [];
  for (let round = 0; round < 2; round++) {
    const t0 = Date.now();
    const c0 = processCpuMs(server.pid);
    const h = await health();
    const t1 = Date.now();
    const c1 = processCpuMs(server.pid);
    const p = await presend();
    // The server's CPU per call (all threads): steadier than the rates on a shared host.
    const hCpu = (c1 - c0) / h.total;
    const pCpu = (processCpuMs(server.pid) - c1) / p.total;
    runs.healthCpu.push(hCpu);
    runs.presendCpu.push(pCpu);
    // When and how long each phase ran (epoch ms), to read a probe's per-second lines against.
    phases.push(`healthz ${t0}-${t1}`, `presend ${t1}-${Date.now()}`);
    failed += h.failed + p.failed;
    runs.health.push(h.rps);
    runs.presend.push(p.rps);
    runs.p99.push(p.p99);
    runs.p50.push(p.p50);
    runs.healthP99.push(h.p99);
    runs.healthP50.push(h.p50);
    // Each phase on its own line: the tail is read against the host's own (healthz's) in the
    // same minute.
    console.log(
      `single round ${round + 1}: healthz ${Math.round(h.rps)}/s p50 ${h.p50} p99 ${h.p99} p99.9 ${h.p999} max ${h.max} ms, server CPU ${hCpu.toFixed(3)} ms/call; presend ${Math.round(p.rps)}/s p50 ${p.p50} p99 ${p.p99} p99.9 ${p.p999} max ${p.max} ms, server CPU ${pCpu.toFixed(3)} ms/call`,
    );
  }
  if (failed > 0) throw new Error(`${failed} single-recipient or healthz calls failed`);
  if (process.env.BENCH_SERVER_OUTPUT) console.log(`single phases: ${phases.join(', ')}`);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    healthRps: sum(runs.health) / runs.health.length,
    presendRps: sum(runs.presend) / runs.presend.length,
    p50: Math.max(...runs.p50),
    p99: Math.max(...runs.p99),
    healthP50: Math.max(...runs.healthP50),
    healthP99: Math.max(...runs.healthP99),
    healthCpu: sum(runs.healthCpu) / runs.healthCpu.length,
    presendCpu: sum(runs.presendCpu) / runs.presendCpu.length,
    ratio: sum(runs.presend) / sum(runs.health),
  };
}

/** CPU time the hypervisor gave to other guests (steal) and all CPU time so far, in ticks. */
function hostTicks(): { steal: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { steal: fields[7] ?? 0, total: fields.reduce((a, b) => a + b, 0) };
}

await seed();
const lists = [1, 2, 3, 4, 5].map(recipients);
const load0 = loadavg()[0];
const host0 = hostTicks();
const { server, secret } = await startServer();
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const rounds: Array<{ rawMedian: number; e2eMedian: number; e2eP95: number; cpuMs: number; ratio: number }> =
  [];
let single: Awaited<ReturnType<typeof singleRecipient>>;
let rss = 0;
try {
  for (let round = 0; round < ROUNDS; round++) {
    const rawRun = await rawEngine(lists);
    const e2e = await endToEnd(server, secret, lists);
    const rawMedian = median(rawRun.times);
    const e2eMedian = median(e2e.times);
    rounds.push({
      rawMedian,
      e2eMedian,
      e2eP95: quantile(e2e.times, 0.95),
      cpuMs: e2e.cpuMs,
      ratio: rawMedian / e2eMedian,
    });
    console.log(
      `round ${round + 1}: service median ${fmt(e2eMedian)} ms (server CPU ${fmt(e2e.cpuMs)} ms/call), raw median ${fmt(rawMedian)} ms, ratio ${fmt(rawMedian / e2eMedian, 2)}`,
    );
  }
  single = await singleRecipient(server, secret);
} finally {
  rss = peakRssMb(server.pid);
  await server.stop();
  if (process.env.BENCH_SERVER_OUTPUT) writeFileSync(process.env.BENCH_SERVER_OUTPUT, server.output());
}
const host1 = hostTicks();
const stealPct = (100 * (host1.steal - host0.steal)) / Math.max(1, host1.total - host0.total);
// The round with the median ratio (BENCH_PRESEND_ROUNDS=0 skips the large calls).
const mid = rounds.length
  ? [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]
  : {
      rawMedian: Number.NaN,
      e2eMedian: Number.NaN,
      e2eP95: Number.NaN,
      cpuMs: Number.NaN,
      ratio: Number.NaN,
    };
// The machine may be shared: the load average, the CPU time the hypervisor gave to other
// guests (steal) and the CPU time per call say how much of the wall-clock figures is waiting
// for a core rather than work.
console.log(
  `machine: ${cpus().length} cores, node ${process.version}, load average ${fmt(load0, 2)} -> ${fmt(loadavg()[0], 2)}, cpu steal ${fmt(stealPct)}%`,
);
console.log(
  `contacts=${CONTACTS} recipients_per_call=${RECIPIENTS} rounds=${ROUNDS} runs=${RUNS} (after ${WARMUP} warm-up each)`,
);
figure('presend_http_median_ms', fmt(mid.e2eMedian));
figure('presend_http_p95_ms', fmt(mid.e2eP95));
figure('presend_http_recipients_per_s', Math.round(RECIPIENTS / (mid.e2eMedian / 1000)));
figure('presend_server_cpu_ms_per_call', fmt(mid.cpuMs));
figure('presend_server_peak_rss_mb', fmt(rss));
figure('raw_libsql_median_ms', fmt(mid.rawMedian));
figure('raw_libsql_recipients_per_s', Math.round(RECIPIENTS / (mid.rawMedian / 1000)));
figure('presend_vs_raw_ratios', rounds.map((r) => fmt(r.ratio, 2)).join(','));
figure('presend_vs_raw_ratio', fmt(mid.ratio, 2));
figure('presend_single_calls_per_s', Math.round(single.presendRps));
figure('healthz_calls_per_s', Math.round(single.healthRps));
figure('presend_single_p50_ms', single.p50);
figure('presend_single_p99_ms', single.p99);
figure('healthz_p50_ms', single.healthP50);
figure('healthz_p99_ms', single.healthP99);
figure('presend_single_server_cpu_ms_per_call', fmt(single.presendCpu, 3));
figure('healthz_server_cpu_ms_per_call', fmt(single.healthCpu, 3));
figure('presend_single_vs_healthz_ratio', fmt(single.ratio, 2));
