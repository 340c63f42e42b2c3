// The Worker under test, as it deploys: bundled by `wrangler deploy --dry-run`, run in workerd
// (Miniflare) against a remote libSQL database (the test Hrana server in front of a file) that
// is migrated the way the README says, with `npm run db:migrate`. The Worker test files share
// this set-up and differ only in the bindings and the queue they give it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare, type MiniflareOptions } from 'miniflare';
import { type HranaServer, startHranaServer } from '../../scripts/hrana-server';

const run = promisify(execFile);

export const WORKER_URL = 'https://prefs.example.com';
export const WORKER_DB_TOKEN = 'turso-like-token';
export const WORKER_ADMIN_KEY = 'worker-admin-key-0123456789';

export interface BuiltWorker {
  /** The scratch folder; the bundle is in `out`. */
  dir: string;
  out: string;
  hrana: HranaServer;
  /** A Worker on this bundle and database, with the secrets every test uses and `bindings` on top. */
  start(opts?: { bindings?: Record<string, string>; queue?: boolean } & Partial<MiniflareOptions>): Miniflare;
  close(): Promise<void>;
}

export async function buildWorker(name: string): Promise<BuiltWorker> {
  const dir = mkdtempSync(join(tmpdir(), `mailprefs-${name}-`));
  const hrana = await startHranaServer({ dbPath: join(dir, 'remote.db'), authToken: WORKER_DB_TOKEN });
  const env = {
    ...process.env,
    DATABASE_URL: hrana.url,
    DATABASE_AUTH_TOKEN: WORKER_DB_TOKEN,
    WRANGLER_SEND_METRICS: 'false',
  };
  await run('npm', ['run', '--silent', 'db:migrate'], { env });
  const out = join(dir, 'dist');
  await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out], { env });
  const started: Miniflare[] = [];
  return {
    dir,
    out,
    hrana,
    start({ bindings = {}, queue = false, ...options } = {}) {
      const mf = new Miniflare({
        modules: true,
        scriptPath: join(out, 'worker.js'),
        modulesRoot: out,
        compatibilityDate: '2026-04-01',
        compatibilityFlags: ['nodejs_compat'],
        ...(queue
          ? {
              queueProducers: { EVENTS_QUEUE: { queueName: 'mailprefs-events' } },
              queueConsumers: { 'mailprefs-events': { maxBatchSize: 25, maxBatchTimeout: 1 } },
            }
          : {}),
        ...options,
        bindings: {
          DATABASE_URL: hrana.url,
          DATABASE_AUTH_TOKEN: WORKER_DB_TOKEN,
          ADMIN_API_KEY: WORKER_ADMIN_KEY,
          SIGNING_KEYS: 'w1:worker-signing-secret-0123456789abcdef',
          SUPPRESSION_HASH_KEY: 'worker-suppression-key-0123456789abcdef',
          PUBLIC_URL: WORKER_URL,
          ...bindings,
        },
      } as MiniflareOptions);
      started.push(mf);
      return mf;
    },
    async close() {
      for (const mf of started) await mf.dispose();
      await hrana.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The bindings of a Worker that sends events and pushes to connectors (through its queue). */
export const OUTBOUND_BINDINGS = {
  ENCRYPTION_KEY: 'worker-encryption-key-0123456789abcdef',
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_RETRY_SCHEDULE: '0,1',
  LOG_LEVEL: 'error',
};

/** A Worker that sends events and pushes to connectors through its queue, and its admin caller. */
export async function startOutboundWorker(name: string) {
  const worker = await buildWorker(name);
  const mf = worker.start({ bindings: OUTBOUND_BINDINGS, queue: true });
  return { worker, mf, call: adminCall(mf) };
}

/** Calls the Worker's admin API with a JSON body (Miniflare's own Response type). */
export type AdminCall = ReturnType<typeof adminCall>;

/** An admin API call to the Worker, with a JSON body. */
export function adminCall(mf: Miniflare) {
  return (method: string, path: string, body?: unknown) =>
    mf.dispatchFetch(`${WORKER_URL}${path}`, {
      method,
      headers: { authorization: `Bearer ${WORKER_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}
