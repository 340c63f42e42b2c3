// Builds the app's dependencies for Node from a parsed config: the embedded or remote
// database (migrated), signing keys, mail transport and client-IP reading. Used by the
// server entry, the command line and the tests' HTTP harness.
import type { IncomingMessage } from 'node:http';
import { dirname, resolve } from 'node:path';
import { type Config, ConfigError } from '../config';
import { createConnectorRuntime } from '../connectors/runtime';
import { createSuppressionHasher } from '../crypto/suppression-hasher';
import { describeError } from '../db/errors';
import { keepLocalMail } from '../db/local-mail';
import { embeddedPath, type NodeDatabase, openNodeDatabase, tuneForBulkWrites } from '../db/node';
import { clientOptOutStore } from '../db/opt-outs/client-store';
import { sqlPresendReader } from '../db/presend/sql-reader';
import { type AppDeps, domainContext } from '../deps';
import { canonicaliseStoredAddresses } from '../domain/canonical-addresses';
import { type Clock, systemClock } from '../domain/clock';
import { checkSuppressionHashKey } from '../domain/hash-key-check';
import { commitTopicOptOuts } from '../domain/opt-out-batch';
import { createOutboxSignal, notifyAfterCommit } from '../domain/outbox-notifier';
import { createPresendCaches } from '../domain/presend-caches';
import { reportCanonicalAddresses } from '../jobs/canonical-addresses';
import { createDomainLinks } from '../links/domain-links';
import { createSigner, parseSigningKeys } from '../links/signer';
import { createLogger, type Logger } from '../logger';
import { createOutboxTransport, keptLocally } from '../mail/console';
import { createMailer } from '../mail/mailer';
import { mailTransportFor } from '../mail/resend';
import type { MailTransport } from '../mail/transport';
import { createDeferredWork, type DeferredWork } from './deferred';
import { nodeDocsBundle } from './docs-bundle';
import { createGroupCommit } from './group-commit';
import { type LocalSecrets, loadOrCreateLocalSecrets } from './local-secrets';
import { refuseLostDatabase } from './lost-database';
import { createOptOutWriter } from './opt-outs/writer';
import { openPreparedPresendSql } from './presend/prepared-sql';
import { createSplitPresendReader, type SplitPresendReader } from './presend/split-reader';
import { databaseStartupError } from './startup-errors';
import { nodeWebhookRuntime } from './webhook-runtime';

export const DEFAULT_DATABASE_URL = 'file:./data/mailprefs.db';

export interface NodeDepsOptions {
  clock?: Clock;
  logger?: Logger;
  mailer?: MailTransport;
  /** Where generated local secrets live; defaults to the database file's folder or ./data. */
  dataDir?: string;
  /** For a process that only imports: one database connection tuned for bulk writes. */
  bulkWrites?: boolean;
}

export async function buildNodeDeps(
  config: Config,
  opts: NodeDepsOptions = {},
): Promise<{
  deps: AppDeps;
  close(): void;
  presendReader?: SplitPresendReader;
  deferred: DeferredWork;
  /**
   * Only for worker threads, which are entry points of their own and get the key by message to
   * build their own hasher; nothing else is handed the key.
   */
  suppressionHashKey: string;
  /** Likewise, for the webhook dispatcher's thread (dispatcher-thread.ts). */
  encryptionKey?: string;
}> {
  const databaseUrl = config.databaseUrl ?? DEFAULT_DATABASE_URL;
  const dataDir = opts.dataDir ?? dataDirFor(databaseUrl);
  const databasePath = embeddedPath(databaseUrl);
  if (databasePath) refuseLostDatabase(databasePath, dataDir);
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? createLogger(config.logLevel);

  const database = await openStartupDatabase(databaseUrl, config.databaseAuthToken, opts.bulkWrites);
  let local: LocalSecrets | undefined;
  try {
    // Only after the database file exists: see lost-database.ts.
    // ENCRYPTION_KEY alone does not make a secrets file: with the other two set (production),
    // webhook secrets cannot be sealed until it is set, as on a Worker without it.
    local = config.signingKeys && config.suppressionHashKey ? undefined : loadOrCreateLocalSecrets(dataDir);
  } catch (err) {
    database.close();
    throw err;
  }

  const suppressionHashKey = config.suppressionHashKey ?? local!.suppressionHashKey;
  const hasher = createSuppressionHasher(suppressionHashKey);
  // Before anything is hashed: a different key would make every suppression invisible.
  const keyCheck = await checkSuppressionHashKey({ ctx: { db: database.db, clock, hasher } });
  if (!keyCheck.ok) {
    database.close();
    throw new ConfigError(keyCheck.problem);
  }

  // An embedded file: presend can use a second core (see presend/split-reader.ts), each side on a
  // connection of its own (the reader thread builds its own hasher from the key). A remote
  // database does the work on its own server (the plain reader on the app's client), and an
  // import process never answers presend.
  const presendClient = databasePath && !opts.bulkWrites ? openPreparedPresendSql(databasePath) : undefined;
  const splitReader: SplitPresendReader | undefined = presendClient
    ? createSplitPresendReader({
        url: databaseUrl,
        client: presendClient,
        suppressionHashKey,
      })
    : undefined;

  const signer = createSigner({
    keys: parseSigningKeys(config.signingKeys ?? local!.signingKeys),
    clock,
    linkMaxAgeDays: config.linkMaxAgeDays,
  });
  const chosen =
    opts.mailer ??
    mailTransportFor(config, () => createOutboxTransport({ print: (text) => console.log(text) }));
  // Without a mail service every mail is also kept for the console's outbox page.
  const transport = config.resend.apiKey
    ? chosen
    : keptLocally(
        chosen,
        (mail, sent) => keepLocalMail(database.db, clock, mail, sent),
        (err) => logger.warn('could not keep a mail in the local outbox', { error: describeError(err) }),
      );
  const deferred = createDeferredWork(logger);
  const outbox = createOutboxSignal();
  notifyAfterCommit(database.db, outbox);
  const optOutWriter =
    databasePath && !opts.bulkWrites ? createOptOutWriter(databasePath, clock, outbox) : undefined;
  const encryptionKey = config.encryptionKey ?? local?.encryptionKey;
  const webhooks = nodeWebhookRuntime(config, encryptionKey);
  const mailer = createMailer(transport, config.brand);
  const links = createDomainLinks({ signer, publicUrl: config.publicUrl, mailto: config.unsubscribeMailto });
  const deps: AppDeps = {
    db: database.db,
    presendReader: splitReader ?? sqlPresendReader(database.db.$client, hasher.hash),
    presendCaches: createPresendCaches(clock),
    config,
    clock,
    logger,
    signer,
    hasher,
    mailer,
    links,
    // Concurrent one-click opt-outs share one transaction and one commit (group-commit.ts),
    // on an embedded file in a writer thread through statements prepared once (opt-outs/).
    optOuts: createGroupCommit(
      { db: database.db, clock, hasher, mailer, links },
      {
        topicOptOuts:
          optOutWriter?.commit ??
          ((input) =>
            commitTopicOptOuts({
              ctx: { clock, store: clientOptOutStore(database.db.$client, outbox) },
              input,
            })),
      },
    ),
    clientIp: (request, env) => {
      if (config.trustProxy) {
        const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
        if (forwarded) return forwarded;
      }
      const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
      return incoming?.socket?.remoteAddress ?? null;
    },
    docsBundle: nodeDocsBundle(),
    defer: deferred.defer,
    outbox,
    webhooks,
    connectors: createConnectorRuntime(webhooks.checkTargetUrl),
  };
  reportCanonicalAddresses(logger, await canonicaliseStoredAddresses({ ctx: domainContext(deps) }));

  return {
    deps,
    presendReader: splitReader,
    deferred,
    suppressionHashKey,
    encryptionKey,
    close: () => {
      void splitReader?.close();
      presendClient?.close();
      void optOutWriter?.close();
      database.close();
    },
  };
}

/** Opens and migrates the database; a failure that a setting explains names that setting. */
export async function openStartupDatabase(url: string, authToken: string | undefined, bulkWrites?: boolean) {
  let database: NodeDatabase | undefined;
  try {
    database = await openNodeDatabase(url, authToken, { bulkWrites });
    await database.migrate();
    if (bulkWrites) await tuneForBulkWrites(database.db, url);
    return database;
  } catch (err) {
    database?.close();
    throw databaseStartupError(err, url) ?? err;
  }
}

function dataDirFor(databaseUrl: string): string {
  const path = databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : '';
  return path && path !== ':memory:' ? dirname(resolve(path)) : resolve('data');
}
