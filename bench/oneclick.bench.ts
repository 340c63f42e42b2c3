// One-click unsubscribes in a burst: 5,000 unique opt-outs (each its own signed link) posted at
// 32 connections to the real Node entry (`src/server.ts`, a child process) on a file database,
// against a hello-world on the same HTTP stack (bench/support/hello-server.ts) loaded the same
// way in the same run. Every opt-out writes its subscription, its consent-trail entry and an
// outbox event (a webhook endpoint listens for contact.unsubscribed). Then durability: another
// wave, the server killed with -9 in its middle, and every acknowledged opt-out looked for in
// the database. Prints `oneclick_vs_hello_ratio` and `oneclick_lost_after_kill` (must be 0).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedOneClickContacts, unsubscribedOf } from '../test/support/one-click-seed';
import { spawnServer } from '../test/support/spawn-server';
import { figure, type LoadResult, load, loadAverage } from './support/load';

const BURST = Number(process.env.BENCH_ONECLICK_BURST ?? 5000);
const WAVE = Number(process.env.BENCH_ONECLICK_WAVE ?? 3000);
const CONNECTIONS = 32;
// BENCH_ONECLICK_WEBHOOK=0: no endpoint listens, so no outbox events are written.
const withWebhook = process.env.BENCH_ONECLICK_WEBHOOK !== '0';
const ONE_CLICK = { 'content-type': 'application/x-www-form-urlencoded' };
const BODY = 'List-Unsubscribe=One-Click';

setTimeout(() => {
  console.error('bench took longer than 8 minutes; giving up');
  process.exit(1);
}, 8 * 60_000).unref();

// Receives the webhooks the outbox sends, so delivery runs as it would in production.
let hooksReceived = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    hooksReceived++;
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-bench-oneclick-'));
const env = {
  DATABASE_URL: `file:${join(dir, 'oneclick.db')}`,
  ADMIN_API_KEY: 'bench-admin-key-0123456789abcdef',
  SIGNING_KEYS: 'k1:bench-signing-secret-0123456789abcdef',
  SUPPRESSION_HASH_KEY: 'bench-suppression-hash-key-0123456789abcdef',
  ENCRYPTION_KEY: 'bench-encryption-key-0123456789abcdef',
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  RETENTION_INTERVAL_MINUTES: '0',
  LOG_LEVEL: 'error',
  NODE_ENV: 'production',
  // BENCH_SERVER_NODE_OPTIONS=--cpu-prof …: profile the server child (written when it stops).
  ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
};

// User + system time of a process, all its threads, in milliseconds (/proc, Linux): steadier
// than requests per second on a shared host, where a run waits for a core more or less.
function cpuMs(pid: number, thread = false): number {
  const stat = thread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function startHello(): Promise<{ url: string; pid: number; stop(): void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./support/hello-server.ts', import.meta.url))],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`hello server exited with ${code}`)));
  });
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const burst = (
  url: string,
  paths: readonly string[],
  onResponse?: (status: number, i: number) => void,
  control?: (stop: () => void) => void,
) =>
  load({
    url,
    connections: CONNECTIONS,
    amount: paths.length,
    method: 'POST',
    headers: ONE_CLICK,
    body: BODY,
    vary: (i) => ({ path: paths[i % paths.length] }),
    onResponse,
    control,
  });

try {
  const started = Date.now();
  const people = await seedOneClickContacts(env, {
    dataDir: dir,
    count: BURST + WAVE,
    webhookUrl: withWebhook ? webhookUrl : undefined,
  });
  console.log(
    `seeded ${people.length} subscribed contacts in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const inBurst = people.slice(0, BURST);
  const inWave = people.slice(BURST);
  console.log(`load average ${loadAverage()} at the start`);

  const hello = await startHello();
  const server = await spawnServer(env);
  const helloRuns: LoadResult[] = [];
  let real: LoadResult;
  let serverCpu = 0;
  // The main thread alone: what answers the requests, and so what bounds their rate.
  let mainCpu = 0;
  let deliveredCpu = 0;
  let helloCpuPerCall = 0;
  try {
    // Warm-up: the hello server, and the real one on paths that are not part of the burst
    // (unknown tokens answer 400 after the same verification).
    await burst(
      hello.url,
      Array.from({ length: 500 }, (_, i) => `/u/warm-${i}`),
    );
    await load({ url: `${server.url}/healthz`, connections: CONNECTIONS, duration: 1 });
    // Hello before and after, so a change in the host's load touches both sides.
    const helloPaths = inBurst.map((p) => p.path);
    let helloCpu = cpuMs(hello.pid);
    helloRuns.push(await burst(hello.url, helloPaths));
    helloCpu = cpuMs(hello.pid) - helloCpu;
    let acked = 0;
    serverCpu = cpuMs(server.pid);
    mainCpu = cpuMs(server.pid, true);
    deliveredCpu = serverCpu;
    const hooksBefore = hooksReceived;
    real = await burst(server.url, helloPaths, (status) => {
      if (status === 200) acked++;
    });
    serverCpu = cpuMs(server.pid) - serverCpu;
    mainCpu = cpuMs(server.pid, true) - mainCpu;
    // The burst's webhooks are sent after its answers: the server's CPU until the last of them
    // is received is what a one-click costs with its delivery (the dispatcher's thread too).
    if (withWebhook) {
      const until = Date.now() + 60_000;
      while (hooksReceived < hooksBefore + BURST && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
      deliveredCpu = cpuMs(server.pid) - deliveredCpu;
    }
    const second = cpuMs(hello.pid);
    helloRuns.push(await burst(hello.url, helloPaths));
    helloCpuPerCall = (helloCpu + cpuMs(hello.pid) - second) / (2 * BURST);
    if (acked !== BURST) throw new Error(`only ${acked} of ${BURST} one-click calls were answered 200`);
  } finally {
    hello.stop();
    await server.stop();
  }
  const stored = await unsubscribedOf(env, { dataDir: dir, contactIds: inBurst.map((p) => p.contactId) });
  for (const [what, set] of Object.entries(stored)) {
    if (what === 'evented' && !withWebhook) continue;
    if (set.size !== BURST) throw new Error(`${what}: ${set.size} of ${BURST} opt-outs found`);
  }
  const helloRps = helloRuns.reduce((a, r) => a + r.rps, 0) / helloRuns.length;
  console.log(
    `burst of ${BURST} at ${CONNECTIONS} connections: ${Math.round(real.rps)}/s (p50 ${real.p50} ms, p99 ${real.p99} ms); hello ${helloRuns.map((r) => Math.round(r.rps)).join(' and ')}/s`,
  );

  // Durability: a wave, and the server killed with -9 once a third of it has been acknowledged.
  const killed = await spawnServer(env);
  const ackedInWave = new Set<number>();
  let stopLoad: (() => void) | undefined;
  await burst(
    killed.url,
    inWave.map((p) => p.path),
    (status, i) => {
      if (status !== 200) return;
      ackedInWave.add(i);
      if (ackedInWave.size !== Math.floor(WAVE / 3)) return;
      process.kill(killed.pid, 'SIGKILL');
      // Answers already on their way still count; then the dead server gets no more calls.
      setTimeout(() => stopLoad?.(), 200);
    },
    (stop) => {
      stopLoad = stop;
    },
  ).catch(() => undefined);
  // Killed by a signal, the child has no exit code, so SpawnedServer.stop() would wait for
  // nothing: wait until the process is gone instead.
  while (isAlive(killed.pid)) await new Promise((r) => setTimeout(r, 50));
  const ackedIds = [...ackedInWave].map((i) => inWave[i % inWave.length].contactId);
  const after = await unsubscribedOf(env, { dataDir: dir, contactIds: ackedIds });
  const lost = ackedIds.filter(
    (id) => !after.unsubscribed.has(id) || !after.trailed.has(id) || (withWebhook && !after.evented.has(id)),
  ).length;
  console.log(`killed with -9 after ${ackedInWave.size} of ${WAVE} acknowledgements; ${lost} of them lost`);
  console.log(`load average ${loadAverage()} at the end`);
  figure('oneclick_per_s', Math.round(real.rps));
  figure('oneclick_p99_ms', real.p99);
  figure('hello_per_s', Math.round(helloRps));
  figure('oneclick_acknowledged_before_kill', ackedInWave.size);
  figure('oneclick_lost_after_kill', lost);
  // Server CPU per call (all threads; the writer thread and the webhook dispatcher included).
  figure('oneclick_server_cpu_ms_per_call', (serverCpu / BURST).toFixed(3));
  figure('oneclick_main_thread_cpu_ms_per_call', (mainCpu / BURST).toFixed(3));
  if (withWebhook) figure('oneclick_delivered_server_cpu_ms_per_call', (deliveredCpu / BURST).toFixed(3));
  figure('hello_server_cpu_ms_per_call', helloCpuPerCall.toFixed(3));
  figure('oneclick_vs_hello_ratio', (real.rps / helloRps).toFixed(2));
  if (lost > 0) process.exitCode = 1;
} finally {
  receiver.closeAllConnections();
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
}
