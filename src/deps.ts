// Everything the app needs from the outside world, built once by an entry point (or a test
// harness) and passed to `createApp`. No module reads the environment on its own.
import type { Config } from './config';
import type { ConnectorContext } from './connectors/manage';
import type { ConnectorRuntime } from './connectors/runtime';
import type { SecretBox } from './crypto/secret-box';
import type { Db } from './db/client';
import type { DispatchDeps } from './delivery/dispatch';
import type { HttpSender } from './delivery/http-sender';
import type { Clock } from './domain/clock';
import type { DomainContext } from './domain/context';
import type { Mailer } from './domain/mailer';
import type { OptOutCommits } from './domain/opt-out-commits';
import type { OutboxSignal } from './domain/outbox-notifier';
import type { OutboxStore } from './domain/outbox-store';
import type { PresendReader, SoftOptIn } from './domain/presend';
import type { PresendCaches } from './domain/presend-caches';
import type { Links } from './domain/signed-links';
import type { SuppressionHasher } from './domain/suppression-hasher';
import type { WebhookContext } from './domain/webhook-endpoints';
import type { Signer } from './links/signer';
import type { Logger } from './logger';
import type { DocsBundle } from './routes/system/docs-bundle';

export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  signer: Signer;
  logger: Logger;
  /** The suppression list's keyed hash; the key itself stays with the entry point that built it. */
  hasher: SuppressionHasher;
  /** The mail the service sends itself, rendered and sent through the configured transport. */
  mailer: Mailer;
  /** The signed links the domain hands out (confirmation, a recipient's links). */
  links: Links;
  /** How presend reads what the database knows: the Node split reader, or the plain SQL reader (db/presend). */
  presendReader: PresendReader;
  /** Keys and topics presend keeps for a few seconds; cleared by this app's own changes to them. */
  presendCaches: PresendCaches;
  /** How one-click opt-outs are committed: grouped on Node, one per request on a Worker. */
  optOuts: OptOutCommits;
  /** The client's IP as the runtime sees it (socket, proxy header or CF-Connecting-IP). */
  clientIp(request: Request, env?: unknown): string | null;
  /** The API reference's browser bundle, where the app serves it itself (Node); the Worker's is a static asset. */
  docsBundle?: DocsBundle;
  /**
   * /openapi.json prebuilt, where the runtime does not generate it (the Worker: a static asset
   * made at deploy, routes/system/openapi-prebuilt.ts); without it the app generates the document.
   */
  openApiDocument?: () => Promise<string>;
  /**
   * Runs work that may finish after the response (a confirmation mail), so the answer never
   * waits for it: on Node once the answer is written, on Workers through the request's
   * waitUntil. The runner logs a failure, without personal data; `what` names the work.
   */
  defer(what: string, task: () => Promise<void>): void;
  /** Told after each commit that recorded events; the runtime's dispatcher listens. */
  outbox: OutboxSignal;
  /** What outbound webhooks need from the runtime. */
  webhooks: WebhookRuntime;
  /** What mailing-tool connectors need from the runtime (guarded fetch, per-connector gates). */
  connectors: ConnectorRuntime;
}

export interface WebhookRuntime {
  /** Seals secrets at rest (ENCRYPTION_KEY, or the local one on Node); absent without a key. */
  secretBox?: SecretBox;
  /** Refuses target URLs that are not https or resolve to private addresses. */
  checkTargetUrl(url: string): Promise<void>;
  /** Sends one signed request, checking the address again as it connects. */
  sender: HttpSender;
}

export function webhookContext(deps: AppDeps): WebhookContext {
  return {
    ...domainContext(deps),
    secretBox: deps.webhooks.secretBox,
    checkTargetUrl: deps.webhooks.checkTargetUrl,
  };
}

export function connectorContext(deps: AppDeps): ConnectorContext {
  return {
    ...domainContext(deps),
    secretBox: deps.webhooks.secretBox,
    checkTargetUrl: deps.webhooks.checkTargetUrl,
    connectors: deps.connectors,
    timeoutMs: deps.config.webhooks.timeoutMs,
    publicUrl: deps.config.publicUrl,
  };
}

export type DispatchDepsSource = Pick<
  AppDeps,
  'db' | 'clock' | 'hasher' | 'mailer' | 'links' | 'logger' | 'webhooks'
> &
  Partial<Pick<AppDeps, 'connectors' | 'presendCaches'>> & {
    config: Pick<Config, 'webhooks'>;
    /** The outbox's SQL run another way than through drizzle (the dispatcher thread's). */
    outboxStore?: OutboxStore;
  };

export function dispatchDeps(deps: DispatchDepsSource): DispatchDeps {
  return {
    ...domainContext(deps),
    config: deps.config,
    logger: deps.logger,
    secretBox: deps.webhooks.secretBox,
    sender: deps.webhooks.sender,
    connectors: deps.connectors,
    outboxStore: deps.outboxStore,
  };
}

/** The domain's view of the dependencies: database, clock and the capabilities it asks for. */
export function domainContext(
  deps: Pick<AppDeps, 'db' | 'clock' | 'hasher' | 'mailer' | 'links'> &
    Partial<Pick<AppDeps, 'presendCaches'>>,
): DomainContext {
  return {
    db: deps.db,
    clock: deps.clock,
    hasher: deps.hasher,
    mailer: deps.mailer,
    links: deps.links,
    presendCaches: deps.presendCaches,
  };
}

/** What legitimate-interest verdicts rest on right now: the time and SOFT_OPT_IN_MONTHS. */
export function softOptInOf(deps: Pick<AppDeps, 'clock' | 'config'>): SoftOptIn {
  return { now: deps.clock.now(), months: deps.config.softOptInMonths };
}

/**
 * A deferred task as both runtimes run it: a failure is logged by the error's name only (its
 * message can hold an address) and never rejects, since nobody is waiting for the answer.
 */
export function runDeferred(logger: Logger, what: string, task: () => Promise<void>): Promise<void> {
  return task().catch((err: unknown) => {
    logger.error('work after the response failed', {
      what,
      error: err instanceof Error ? err.name : 'unknown',
    });
  });
}
