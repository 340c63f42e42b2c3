// The database handle every module receives. Both runtimes hand a libSQL client to
// `openDb`: the Node entry a file or remote client, the Worker entry an HTTP one.
import type { Client } from '@libsql/client';
// drizzle's `libsql/http` entry: both runtimes pass a client that is already open, so which libSQL
// client an entry would open a URL with only decides what the Worker's script carries. `web` would
// bring the WebSocket half along, which the Worker does not use (src/worker.ts).
import { drizzle } from 'drizzle-orm/libsql/http';
import * as schema from './schema';

export type Db = ReturnType<typeof openDb>;

export function openDb(client: Client) {
  return drizzle(client, { schema, casing: 'snake_case' });
}

export { schema };
