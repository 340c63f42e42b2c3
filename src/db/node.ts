// Opens the database for Node: an embedded libSQL file by default, or a remote libSQL/Turso
// database when a URL is configured.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClient } from '@libsql/client';
import { type Db, openDb } from './client';

export interface NodeDatabase {
  db: Db;
  close(): void;
}

export async function openNodeDatabase(url: string, authToken?: string): Promise<NodeDatabase> {
  const path = localPath(url);
  if (path) mkdirSync(dirname(path), { recursive: true });
  // The file client keeps a pool of connections; `timeout` is the busy timeout of each one,
  // so a writer waits for another instead of failing with SQLITE_BUSY.
  const client = createClient({ url, authToken, timeout: 5000 });
  // WAL is stored in the file itself, so setting it once covers every pooled connection and
  // lets presend readers carry on while a preference change is being written.
  if (path) await client.execute('PRAGMA journal_mode = WAL');
  return { db: openDb(client), close: () => client.close() };
}

function localPath(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  const path = url.slice('file:'.length);
  return path === ':memory:' || path === '' ? null : path;
}
