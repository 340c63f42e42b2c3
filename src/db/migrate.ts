// Applies the generated migrations in drizzle/. Node only: the Worker cannot read a folder, so
// remote databases are migrated with `npm run db:migrate`.
import { fileURLToPath } from 'node:url';
import { type Client, createClient, type Transaction } from '@libsql/client';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { type MigrationMeta, readMigrationFiles } from 'drizzle-orm/migrator';
import type { Db } from './client';

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

const MIGRATIONS_TABLE = '__drizzle_migrations';
// How long a process waits for another one's migrations (a rebuild of a large table takes a
// while) before it gives up with SQLITE_BUSY.
const LOCK_WAIT_MS = 120_000;

/** drizzle's migrator, for a remote database (which is migrated from one place) or a test's. */
export async function applyMigrations(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder });
}

/**
 * Migrates the embedded database at `url` (`file:…`); safe from several processes at once.
 * drizzle's migrator reads what is applied before its transaction, so two processes starting on
 * a fresh folder could both apply everything; here the check is made under the write lock. The
 * bookkeeping table is drizzle's, so drizzle-kit and `applyMigrations` read the same history.
 */
export async function applyMigrationsToFile(url: string, folder = migrationsFolder): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  // One connection of its own, so the pragma below holds for the transaction after it.
  const client = createClient({ url, concurrency: 1, timeout: LOCK_WAIT_MS });
  try {
    // Most starts find everything applied; they need no lock, so a running import or a long
    // write elsewhere does not hold them up.
    if ((await pending(client, migrations)).length === 0) return;
    // Migrations 0003 and 0005 rebuild tables; with foreign keys on, dropping the old table
    // would cascade into the consent trail. The pragma does nothing inside a transaction (its
    // copies inside those migrations are no-ops), so it is set before, as drizzle does.
    await client.execute('PRAGMA foreign_keys = OFF');
    const tx = await client.transaction('write'); // BEGIN IMMEDIATE: waits for another migrator
    try {
      const fk = await tx.execute('PRAGMA foreign_keys');
      if (Number(fk.rows[0]?.[0]) !== 0)
        throw new Error('migrations need foreign keys off on their connection');
      await tx.execute(
        `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
      );
      for (const migration of await pending(tx, migrations)) {
        for (const statement of migration.sql) await tx.execute(statement);
        await tx.execute({
          sql: `INSERT INTO "${MIGRATIONS_TABLE}" ("hash", "created_at") VALUES (?, ?)`,
          args: [migration.hash, migration.folderMillis],
        });
      }
      await tx.commit();
    } finally {
      tx.close();
    }
  } finally {
    client.close();
  }
}

/** The migrations newer than the last one applied, as drizzle's migrator decides it. */
async function pending(db: Client | Transaction, migrations: MigrationMeta[]): Promise<MigrationMeta[]> {
  const table = await db.execute({
    sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
    args: [MIGRATIONS_TABLE],
  });
  if (table.rows.length === 0) return migrations;
  const last = await db.execute(
    `SELECT created_at FROM "${MIGRATIONS_TABLE}" ORDER BY created_at DESC LIMIT 1`,
  );
  const lastMillis = last.rows.length ? Number(last.rows[0][0]) : undefined;
  return migrations.filter((m) => lastMillis === undefined || lastMillis < m.folderMillis);
}
