// Cloudflare Workers entry point. Bindings are parsed into the same typed config as on Node;
// the database is a remote libSQL (Turso) reached over HTTP. Dependencies are built once per
// isolate from the first request's bindings, never in a module-level singleton that reads env.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Client } from '@libsql/client';
// The HTTP half of the libSQL client only: `libsql://` maps to `https://` on it, and the WebSocket
// half (for `ws://` and `wss://`, refused below) would add its code to every request's startup.
import { createClient } from '@libsql/client/http';
import { createApp } from './app';
import { type Config, ConfigError, type ConfigProblem, configError, parseConfig } from './config';
import { createConnectorRuntime } from './connectors/runtime';
import { createSuppressionHasher } from './crypto/suppression-hasher';
import { openDb } from './db/client';
import { clientOptOutStore } from './db/opt-outs/client-store';
import { sqlPresendReader } from './db/presend/sql-reader';
import {
  collectCommittedEvents,
  eventQueueOf,
  handOverEvents,
  workerWebhookRuntime,
} from './delivery/worker-webhooks';
import { type AppDeps, runDeferred } from './deps';
import { systemClock } from './domain/clock';
import { commitEachAlone } from './domain/opt-out-commits';
import { createOutboxSignal, notifyAfterCommit } from './domain/outbox-notifier';
import { createPresendCaches } from './domain/presend-caches';
import { describeProblems, misconfiguredResponse } from './http/misconfigured';
import { deliverQueuedEvents, type QueuedEvents, SWEEP_CRON, sweepOutbox } from './jobs/deliver-events';
import { runRetentionJob } from './jobs/retention';
import { sweepSignUps, WORKER_SWEEP_BATCH } from './jobs/sign-ups';
import { createDomainLinks } from './links/domain-links';
import { createSigner, parseSigningKeys } from './links/signer';
import { createLogger } from './logger';
import { createDroppingTransport } from './mail/console';
import { createMailer } from './mail/mailer';
import { mailTransportFor } from './mail/resend';
import { type AssetFetcher, prebuiltOpenApiDocument } from './routes/system/openapi-prebuilt';
import { guardSuppressionHasher } from './worker-key-guard';

// String bindings and variables; the EVENTS_QUEUE producer binding is read by eventQueueOf.
export type WorkerEnv = Record<string, string | undefined>;

/** Opens the database client: Turso over HTTP here; tests in Node pass one on a libSQL file. */
export type ClientFactory = (options: { url: string; authToken?: string }) => Client;

type Built =
  | {
      app: ReturnType<typeof createApp>;
      deps: AppDeps;
      /** Resolves once SUPPRESSION_HASH_KEY was checked against the data (worker-key-guard.ts). */
      keyChecked(): Promise<void>;
      /** Event ids committed in this isolate and not yet handed to the queue. */
      committed: { take(): number[] };
    }
  // Misconfigured: every request gets a 503 that names the settings to fix.
  | { app: { fetch(request: Request): Response }; problems: ConfigProblem[] };

let built: { env: WorkerEnv; openClient: ClientFactory; value: Built } | undefined;

// The parts of the Workers ExecutionContext we use (kept local: the Workers type package
// redefines DOM globals such as Request, which the Node half of the project needs).
interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

// The request being answered, so that AppDeps.defer (built once per isolate) can hand work to
// that request's waitUntil.
const requestContext = new AsyncLocalStorage<WorkerContext>();

export function buildWorker(env: WorkerEnv, openClient: ClientFactory = createClient): Built {
  if (built?.env === env && built.openClient === openClient) return built.value;
  let value: Built;
  try {
    value = build(env, openClient);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // Once per isolate, as the value is kept below.
    createLogger().error('the Worker is not configured', { problems: describeProblems(err.problems) });
    value = { app: { fetch: () => misconfiguredResponse(err.problems) }, problems: err.problems };
  }
  built = { env, openClient, value };
  return value;
}

/** The Worker's settings: the shared ones, plus what only Node can do without. */
function workerConfig(env: WorkerEnv): Config {
  const problems: ConfigProblem[] = [];
  let config: Config | undefined;
  try {
    config = parseConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  for (const name of ['DATABASE_URL', 'SIGNING_KEYS', 'SUPPRESSION_HASH_KEY'] as const) {
    if (!env[name]?.trim()) {
      problems.push({ variable: name, message: `must be set for the Worker (wrangler secret put ${name})` });
    }
  }
  const databaseUrl = env.DATABASE_URL?.trim() ?? '';
  if (databaseUrl.startsWith('file:')) {
    problems.push({
      variable: 'DATABASE_URL',
      message: 'must be a remote libSQL URL (libsql://… or https://…): a Worker has no files',
    });
  } else if (/^wss?:/i.test(databaseUrl)) {
    problems.push({
      variable: 'DATABASE_URL',
      message: 'must be a libsql://… or https://… URL: the Worker reaches libSQL over HTTP, not WebSockets',
    });
  }
  if (problems.length || !config) throw configError(problems);
  return config;
}

function build(env: WorkerEnv, openClient: ClientFactory): Built {
  const config = workerConfig(env);
  const logger = createLogger(config.logLevel);
  const client = remoteClient(config, openClient);
  const outbox = createOutboxSignal();
  const db = notifyAfterCommit(openDb(client), outbox);
  const guard = guardSuppressionHasher({
    db,
    clock: systemClock,
    hasher: createSuppressionHasher(config.suppressionHashKey!),
    logger,
  });
  const signer = createSigner({
    keys: parseSigningKeys(config.signingKeys!),
    clock: systemClock,
    linkMaxAgeDays: config.linkMaxAgeDays,
  });
  // Without Resend the Worker cannot deliver mail; it says so, but never logs the mail itself
  // (it holds an address and a signed link).
  const transport = mailTransportFor(config, () =>
    createDroppingTransport(() => logger.warn('mail not sent: RESEND_API_KEY is not set')),
  );
  const webhooks = workerWebhookRuntime(config);
  const mailer = createMailer(transport, config.brand);
  const links = createDomainLinks({ signer, publicUrl: config.publicUrl, mailto: config.unsubscribeMailto });
  const deps: AppDeps = {
    db,
    // Hashes through the guarded hasher, which refuses until the key has been checked against the
    // data (worker-key-guard.ts): a Worker whose key does not match answers presend 503.
    presendReader: sqlPresendReader(client, guard.hasher.hash),
    presendCaches: createPresendCaches(systemClock),
    config,
    clock: systemClock,
    logger,
    signer,
    hasher: guard.hasher,
    mailer,
    links,
    // One request, one opt-out: its own transaction, a topic link's in three round trips
    // (db/opt-outs/client-store.ts; bench/README.md says what a round trip costs remotely).
    optOuts: commitEachAlone(
      { db, clock: systemClock, hasher: guard.hasher, mailer, links },
      clientOptOutStore(client, outbox),
    ),
    clientIp: (request) => request.headers.get('cf-connecting-ip'),
    defer: (what, task) => {
      const run = runDeferred(logger, what, task);
      // Keeps the isolate alive for the work once the answer has gone.
      requestContext.getStore()?.waitUntil(run);
    },
    outbox,
    webhooks,
    connectors: createConnectorRuntime(webhooks.checkTargetUrl),
    openApiDocument: prebuiltOpenApiDocument(assetsOf(env), config.publicUrl),
  };
  return {
    app: createApp(deps),
    deps,
    keyChecked: guard.keyChecked,
    committed: collectCommittedEvents(outbox),
  };
}

/** The static assets binding (`ASSETS` in wrangler.toml), when there is one. */
function assetsOf(env: object): AssetFetcher | undefined {
  const assets = (env as { ASSETS?: AssetFetcher }).ASSETS;
  return typeof assets?.fetch === 'function' ? assets : undefined;
}

function remoteClient(config: Config, openClient: ClientFactory) {
  try {
    return openClient({ url: config.databaseUrl!, authToken: config.databaseAuthToken });
  } catch {
    throw configError([{ variable: 'DATABASE_URL', message: 'is not a URL the libSQL client can open' }]);
  }
}

/** The Worker's handlers on a given client factory; the default export uses Turso's. */
export const createWorker = (openClient: ClientFactory = createClient) => ({
  async fetch(request: Request, env: WorkerEnv, ctx: WorkerContext) {
    const worker = buildWorker(env, openClient);
    if (!('deps' in worker)) return worker.app.fetch(request);
    await worker.keyChecked();
    const response = await requestContext.run(ctx, () => worker.app.fetch(request, env, ctx as never));
    // Events the request committed go to the queue after the answer, not before it.
    handOverEvents(worker.deps, eventQueueOf(env), worker.committed.take(), (p) => ctx.waitUntil(p));
    return response;
  },
  // The outbound-events queue (see [[queues.consumers]] in wrangler.toml). A throw retries the batch.
  async queue(batch: { messages: Array<{ body: unknown }> }, env: WorkerEnv, ctx: WorkerContext) {
    const worker = buildWorker(env, openClient);
    if (!('deps' in worker)) {
      throw new Error(
        `events not delivered: the Worker is not configured: ${describeProblems(worker.problems)}`,
      );
    }
    await worker.keyChecked();
    const ids = batch.messages.flatMap((m) => (m.body as Partial<QueuedEvents> | null)?.eventIds ?? []);
    await deliverQueuedEvents(worker.deps, eventQueueOf(env), ids.map(Number).filter(Number.isInteger));
    handOverEvents(worker.deps, eventQueueOf(env), worker.committed.take(), (p) => ctx.waitUntil(p));
  },
  // Scheduled jobs run here; see the [triggers] crons in wrangler.toml: the outbox and sign-up
  // sweeps every few minutes, the retention clean-up daily. Awaited rather than handed to waitUntil, so a
  // failed run shows as a failed cron invocation.
  async scheduled(controller: { cron: string; scheduledTime: number }, env: WorkerEnv, ctx: WorkerContext) {
    const worker = buildWorker(env, openClient);
    if (!('deps' in worker)) {
      throw new Error(
        `retention did not run: the Worker is not configured: ${describeProblems(worker.problems)}`,
      );
    }
    await worker.keyChecked();
    if (controller.cron !== SWEEP_CRON) await runRetentionJob(worker.deps);
    await sweepOutbox(worker.deps, eventQueueOf(env));
    // Sign-ups whose confirmation mail a cut-off waitUntil left behind, or a failed send put off.
    await sweepSignUps(worker.deps, { batch: WORKER_SWEEP_BATCH });
    handOverEvents(worker.deps, eventQueueOf(env), worker.committed.take(), (p) => ctx.waitUntil(p));
  },
});

export default createWorker();
