// The database handle every module receives. Both runtimes hand a libSQL client to
// `openDb`: the Node entry a file or remote client, the Worker entry an HTTP one.
import type { Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql/web';
import * as schema from './schema';

export type Db = ReturnType<typeof openDb>;

export function openDb(client: Client) {
  return drizzle(client, { schema, casing: 'snake_case' });
}

export { schema };
