// Opens the database for Node: an embedded libSQL file by default, or a remote libSQL/Turso
// database when a URL is configured.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClient } from '@libsql/client';
import { type Db, openDb } from './client';
import { applyMigrations, applyMigrationsToFile } from './migrate';
import { oneWriterAtATime } from './one-writer';

export interface NodeDatabase {
  db: Db;
  /** Applies pending migrations; on an embedded file, safe with other processes doing the same. */
  migrate(): Promise<void>;
  close(): void;
}

export interface NodeDatabaseOptions {
  /** One connection, for a process that only runs a bulk import (see `tuneForBulkWrites`). */
  bulkWrites?: boolean;
}

export async function openNodeDatabase(
  url: string,
  authToken?: string,
  opts: NodeDatabaseOptions = {},
): Promise<NodeDatabase> {
  const path = embeddedPath(url);
  if (path) createPrivateFile(path);
  // The file client keeps a pool of connections; `timeout` is the busy timeout of each one,
  // so a writer waits for another instead of failing with SQLITE_BUSY. A bulk writer gets a
  // pool of one, so that per-connection settings are certain to apply to its transactions.
  const client = createClient({
    url,
    authToken,
    timeout: 5000,
    concurrency: opts.bulkWrites ? 1 : undefined,
  });
  // WAL is stored in the file itself, so setting it once covers every pooled connection and
  // lets presend readers carry on while a preference change is being written.
  if (path) await client.execute('PRAGMA journal_mode = WAL');
  const db = path ? oneWriterAtATime(openDb(client)) : openDb(client);
  return {
    db,
    migrate: () => (path ? applyMigrationsToFile(url) : applyMigrations(db)),
    close: () => client.close(),
  };
}

/**
 * Creates the database file, and its folder, readable by this user only (0600 in a 0700
 * folder), unless it exists. The engine creates the -wal and -shm files with the mode of the
 * database file, so they follow; left to the engine, all three would be 0644. An existing
 * file or folder keeps the mode its owner gave it.
 */
function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // An empty file is an empty database. 'wx': another process starting at the same moment
    // may have created it first, which is just as good.
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/**
 * Per-connection settings for a process that does nothing but a large import (the CLI's
 * `import`, and its benchmark), applied after migrations (the migrator turns foreign keys back
 * on). Embedded databases only; a remote one is left as it is.
 * - synchronous = NORMAL: in WAL mode a commit then no longer waits for the disk; a power cut
 *   can lose the last batches, never corrupt the file, and a rerun of the import redoes them.
 * - foreign_keys = OFF: the import writes only ids it has just read or inserted in the same
 *   transaction and topics are never deleted, so the engine's parent lookups (three per row)
 *   would check nothing the import has not already made sure of.
 * - wal_autocheckpoint: copy the log into the database every ~64 MB instead of every 4 MB, so a
 *   page that many batches change is copied once rather than after every batch.
 * The database opened with `bulkWrites` has a single connection, so these cannot leak to
 * other work; if that connection fails the pool opens a new one with the safe defaults.
 */
export async function tuneForBulkWrites(db: Db, url: string): Promise<void> {
  if (!embeddedPath(url)) return;
  for (const pragma of ['synchronous = NORMAL', 'foreign_keys = OFF', 'wal_autocheckpoint = 16384']) {
    await db.$client.execute(`PRAGMA ${pragma}`);
  }
}

/** The file of an embedded database URL (`file:…`), or null for a remote or in-memory one. */
export function embeddedPath(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  const path = url.slice('file:'.length);
  return path === ':memory:' || path === '' ? null : path;
}
