// Applies the generated migrations in drizzle/ with the libSQL migrator. Node only: the
// Worker cannot read a folder, so remote databases are migrated with `npm run db:migrate`.
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Db } from './client';

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export async function applyMigrations(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder });
}
