// Builds the app's dependencies for Node from a parsed config: the embedded or remote
// database (migrated), signing keys, mail transport and client-IP reading. Used by the
// server entry, the command line and the tests' HTTP harness.
import type { IncomingMessage } from 'node:http';
import { dirname, resolve } from 'node:path';
import { type Config, ConfigError } from '../config';
import { embeddedPath, type NodeDatabase, openNodeDatabase, tuneForBulkWrites } from '../db/node';
import { sqlPresendReader } from '../db/presend/sql-reader';
import type { AppDeps } from '../deps';
import { canonicaliseStoredAddresses } from '../domain/canonical-addresses';
import { type Clock, systemClock } from '../domain/clock';
import { createEmailHasher } from '../domain/email-hasher';
import { checkSuppressionHashKey } from '../domain/hash-key-check';
import { reportCanonicalAddresses } from '../jobs/canonical-addresses';
import { createSigner, parseSigningKeys } from '../links/signer';
import { createLogger, type Logger } from '../logger';
import { createOutboxTransport } from '../mail/console';
import { mailTransportFor } from '../mail/resend';
import type { MailTransport } from '../mail/transport';
import { createDeferredWork, type DeferredWork } from './deferred';
import { nodeDocsBundle } from './docs-bundle';
import { type LocalSecrets, loadOrCreateLocalSecrets } from './local-secrets';
import { refuseLostDatabase } from './lost-database';
import { openPresendConnection } from './presend/connection';
import { createSplitPresendReader, type SplitPresendReader } from './presend/split-reader';
import { databaseStartupError } from './startup-errors';

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
): Promise<{ deps: AppDeps; close(): void; presendReader?: SplitPresendReader; deferred: DeferredWork }> {
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
    local = config.signingKeys && config.suppressionHashKey ? undefined : loadOrCreateLocalSecrets(dataDir);
  } catch (err) {
    database.close();
    throw err;
  }

  // Before anything is hashed: a different key would make every suppression invisible.
  const suppressionHashKey = config.suppressionHashKey ?? local!.suppressionHashKey;
  const keyCheck = await checkSuppressionHashKey({ db: database.db, clock }, suppressionHashKey);
  if (!keyCheck.ok) {
    database.close();
    throw new ConfigError(keyCheck.problem);
  }
  reportCanonicalAddresses(
    logger,
    await canonicaliseStoredAddresses({ db: database.db, clock, suppressionHashKey }),
  );

  // An embedded file: presend can use a second core (see presend/split-reader.ts), each side on a
  // connection of its own. A remote database does the work on its own server (the plain reader
  // on the app's client), and an import process never answers presend.
  const presendClient =
    embeddedPath(databaseUrl) && !opts.bulkWrites ? await openPresendConnection(databaseUrl) : undefined;
  const splitReader: SplitPresendReader | undefined = presendClient
    ? createSplitPresendReader({
        url: databaseUrl,
        client: presendClient,
        suppressionHashKey,
      })
    : undefined;

  const deferred = createDeferredWork(logger);
  const deps: AppDeps = {
    db: database.db,
    presendReader:
      splitReader ?? sqlPresendReader(database.db.$client, createEmailHasher(suppressionHashKey)),
    config,
    clock,
    logger,
    signer: createSigner({
      keys: parseSigningKeys(config.signingKeys ?? local!.signingKeys),
      clock,
      linkMaxAgeDays: config.linkMaxAgeDays,
    }),
    mailer:
      opts.mailer ??
      mailTransportFor(config, () => createOutboxTransport({ print: (text) => console.log(text) })),
    suppressionHashKey,
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
  };
  return {
    deps,
    presendReader: splitReader,
    deferred,
    close: () => {
      void splitReader?.close();
      presendClient?.close();
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
