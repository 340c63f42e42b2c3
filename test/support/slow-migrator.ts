// Script for migration tests: another process that migrates slowly. It takes the write lock,
// says "locked", keeps the lock for <ms> milliseconds, then applies the migrations from index
// <from> on, as the migrator would, and commits.
//   node --import tsx test/support/slow-migrator.ts <file: URL> <from> <ms>
import { createClient } from '@libsql/client';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationsFolder } from '../../src/db/migrate';

const [url, from, ms] = process.argv.slice(2);
const client = createClient({ url, concurrency: 1 });
await client.execute('PRAGMA foreign_keys = OFF');
const tx = await client.transaction('write');
console.log('locked');
await new Promise((r) => setTimeout(r, Number(ms)));
for (const migration of readMigrationFiles({ migrationsFolder }).slice(Number(from))) {
  for (const statement of migration.sql) await tx.execute(statement);
  await tx.execute({
    sql: 'INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)',
    args: [migration.hash, migration.folderMillis],
  });
}
await tx.commit();
client.close();
