// Import benchmark: `npm run bench:import` (ROWS=… to change the size, default 1,000,000).
// Generates a CSV in bench/.data/ (gitignored) with some invalid rows and some addresses on
// the suppression list, imports it into a fresh embedded database through the same code the
// command line uses, and prints rows per second. The target is at least 100,000 rows/s.
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { prepareInWorker } from '../src/cli/import-pipeline';
import { createProgress } from '../src/cli/progress';
import { parseConfig } from '../src/config';
import { createImportWriter } from '../src/db/import-writer';
import { suppressions } from '../src/db/schema';
import { domainContext } from '../src/deps';
import { systemActor } from '../src/domain/audit';
import { readCsv } from '../src/domain/csv';
import { type ImportProgress, importContacts, importPrepared } from '../src/domain/import';
import { upsertTopic } from '../src/domain/topic-changes';
import { silentLogger } from '../src/logger';
import { buildNodeDeps } from '../src/node/deps';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
// SHUFFLE=1: the same rows in random order (a fixed seed, so every run reads the same file).
// The default file's addresses sort almost in file order (person.10000… to person.19999… are
// neighbours), so each batch lands in one stretch of the contacts table; a real list arrives in
// no particular order, and each batch then touches pages all over the table.
const SHUFFLE = process.env.SHUFFLE === '1';
const dir = join(import.meta.dirname, '.data');
const csvPath = join(dir, `import-${ROWS}${SHUFFLE ? '-shuffled' : ''}.csv`);
const dbPath = join(dir, 'import-bench.db');
const KEY = 'bench-suppression-key-0123456789abcdef';

/** CPU seconds of this process's main thread (Linux; the worker's time is not in it), or NaN. */
function mainThreadCpu(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime (fields 14 and 15 of the whole line), in clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

const emailOf = (i: number) => `person.${i}@example${i % 97}.nl`;

/** 0 … ROWS-1 in file order, or shuffled (Fisher–Yates with a small fixed-seed generator). */
function rowOrder(): Uint32Array {
  const order = Uint32Array.from({ length: ROWS }, (_, i) => i);
  if (!SHUFFLE) return order;
  let seed = 0x9e3779b9;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  for (let i = ROWS - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

async function generate() {
  if (existsSync(csvPath)) return;
  const out = createWriteStream(csvPath);
  let chunk = 'email,locale\n';
  for (const i of rowOrder()) {
    // One row in 200 is not an address; the rest are unique, with a locale on most.
    chunk += i % 200 === 7 ? `not-an-address-${i},nl\n` : `${emailOf(i)},${i % 3 === 0 ? 'nl' : 'en'}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

async function main() {
  mkdirSync(dir, { recursive: true });
  await generate();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  const config = parseConfig({
    DATABASE_URL: `file:${dbPath}`,
    SUPPRESSION_HASH_KEY: KEY,
    SIGNING_KEYS: 'k1:bench-signing-secret-0123456789abcdef',
  });
  // As the command line opens it for an import.
  const { deps, close } = await buildNodeDeps(config, {
    logger: silentLogger,
    dataDir: dir,
    bulkWrites: true,
  });
  const ctx = domainContext(deps);
  await upsertTopic({
    ctx,
    input: {
      key: 'news',
      topic: { name: { en: 'News', nl: 'Nieuws' }, basis: 'consent' },
      actor: systemActor,
    },
  });
  // A realistic suppression list: 1% of the file bounced, complained or was erased earlier.
  const suppressed = [];
  for (let i = 11; i < ROWS; i += 100) {
    suppressed.push({
      emailHash: deps.hasher.hash(emailOf(i)),
      reason: 'bounced' as const,
      source: 'bench',
      createdAt: new Date(),
    });
  }
  for (let i = 0; i < suppressed.length; i += 1000) {
    await deps.db.insert(suppressions).values(suppressed.slice(i, i + 1000));
  }

  const size = statSync(csvPath).size;
  let read = 0;
  async function* chunks() {
    for await (const chunk of createReadStream(csvPath, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      read += (chunk as string).length;
      yield chunk as string;
    }
  }
  const progress = createProgress(process.stderr);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const mainCpuStart = mainThreadCpu();
  const opts = {
    topic: 'news',
    source: 'benchmark',
    onProgress: (p: ImportProgress) => progress.update(p, read / size),
  };
  // As `mailprefs import` runs it: prepared in a worker thread, written on this one.
  // IN_PROCESS=1: everything on one thread, for comparison.
  const writer = createImportWriter(deps.db);
  const summary = process.env.IN_PROCESS
    ? await importContacts({ ...ctx, writer }, readCsv(chunks()), opts)
    : await importPrepared(
        { ...ctx, writer },
        prepareInWorker(csvPath, {
          suppressionHashKey: KEY,
          batchSize: process.env.BATCH ? Number(process.env.BATCH) : undefined,
          checkpointUrl: process.env.NO_CHECKPOINTER ? undefined : config.databaseUrl,
          onRead: (chars) => {
            read = chars;
          },
        }),
        opts,
      );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const mainCpuSeconds = mainThreadCpu() - mainCpuStart;
  progress.finish(summary);
  close();
  console.log(
    JSON.stringify({
      bench: 'import',
      rows: summary.rows,
      subscribed: summary.subscribed,
      rejected: summary.rejected,
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(summary.rows / seconds),
      // On a shared machine wall time includes waiting for a core; CPU time (both threads) does not.
      cpuSeconds: Number(cpuSeconds.toFixed(2)),
      rowsPerCpuSecond: Math.round(summary.rows / cpuSeconds),
      // The pipeline's limit: the main thread, which runs the database work.
      mainThreadCpuSeconds: Number(mainCpuSeconds.toFixed(2)),
      rowsPerMainThreadCpuSecond: Math.round(summary.rows / mainCpuSeconds),
      mode: process.env.IN_PROCESS ? 'one thread' : 'worker pipeline',
      order: SHUFFLE ? 'shuffled' : 'file',
      target: 200_000,
    }),
  );
  console.log(`import_rows_per_main_thread_cpu_s=${Math.round(summary.rows / mainCpuSeconds)}`);
  console.log(`import_rows_per_s=${Math.round(summary.rows / seconds)}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
