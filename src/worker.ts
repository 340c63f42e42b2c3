// Cloudflare Workers entry point. Bindings are parsed into the same typed config as on Node;
// the database is a remote libSQL (Turso) reached over HTTP. Dependencies are built once per
// isolate from the first request's bindings, never in a module-level singleton that reads env.
import { createClient } from '@libsql/client/web';
import { createApp } from './app';
import { parseConfig } from './config';
import { openDb } from './db/client';
import { sqlPresendReader } from './db/presend/sql-reader';
import type { AppDeps } from './deps';
import { systemClock } from './domain/clock';
import { createEmailHasher } from './domain/email-hasher';
import type { PresendReader } from './domain/presend';
import { runRetentionJob } from './jobs/retention';
import { createSigner, parseSigningKeys } from './links/signer';
import { createLogger } from './logger';
import { createDroppingTransport } from './mail/console';
import { mailTransportFor } from './mail/resend';
import { guardSuppressionHashKey } from './worker-key-guard';

export type WorkerEnv = Record<string, string | undefined>;

interface Built {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  /** Resolves once SUPPRESSION_HASH_KEY was checked against the data (worker-key-guard.ts). */
  keyChecked(): Promise<void>;
}

let built: { env: WorkerEnv; value: Built } | undefined;

export function buildWorker(env: WorkerEnv): Built {
  if (built?.env === env) return built.value;
  const config = parseConfig(env);
  for (const name of ['DATABASE_URL', 'SIGNING_KEYS', 'SUPPRESSION_HASH_KEY'] as const) {
    if (!env[name]) throw new Error(`${name} must be set for the Worker (wrangler secret put ${name})`);
  }
  const logger = createLogger(config.logLevel);
  const client = createClient({ url: config.databaseUrl!, authToken: config.databaseAuthToken });
  // Presend's plain reader, made on first use: reading the key then, not here, is what makes a
  // Worker whose key does not match its data refuse presend (worker-key-guard.ts).
  let plain: PresendReader | undefined;
  const deps: AppDeps = {
    db: openDb(client),
    presendReader: {
      facts(emails, topic) {
        plain ??= sqlPresendReader(client, createEmailHasher(deps.suppressionHashKey));
        return plain.facts(emails, topic);
      },
    },
    config,
    clock: systemClock,
    logger,
    signer: createSigner({
      keys: parseSigningKeys(config.signingKeys!),
      clock: systemClock,
      linkMaxAgeDays: config.linkMaxAgeDays,
    }),
    // Without Resend the Worker cannot deliver mail; it says so, but never logs the mail itself
    // (it holds an address and a signed link).
    mailer: mailTransportFor(config, () =>
      createDroppingTransport(() => logger.warn('mail not sent: RESEND_API_KEY is not set')),
    ),
    suppressionHashKey: config.suppressionHashKey!,
    clientIp: (request) => request.headers.get('cf-connecting-ip'),
  };
  const app = createApp(deps);
  const value = { app, deps, keyChecked: guardSuppressionHashKey(deps) };
  built = { env, value };
  return value;
}

// The parts of the Workers ExecutionContext we use (kept local: the Workers type package
// redefines DOM globals such as Request, which the Node half of the project needs).
interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: WorkerContext) {
    const { app, keyChecked } = buildWorker(env);
    await keyChecked();
    return app.fetch(request, env, ctx as never);
  },
  // Scheduled jobs (the retention clean-up) run here; see the [triggers] crons in wrangler.toml.
  // Awaited rather than handed to waitUntil, so a failed run shows as a failed cron invocation.
  async scheduled(_controller: { cron: string; scheduledTime: number }, env: WorkerEnv, _ctx: WorkerContext) {
    const { deps, keyChecked } = buildWorker(env);
    await keyChecked();
    await runRetentionJob(deps);
  },
};
