// Upgrading past migration 0005 (suppressions get an AUTOINCREMENT id) keeps every entry, in
// order, with its old rowid as its id, and ids go on growing from there: presend's filter and
// the import catch up with `id > N`. The id and append-only rules are in schema-invariants.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrationsToFile } from '../../src/db/migrate';
import { openNodeDatabase } from '../../src/db/node';
import { migrationsUpTo } from '../support/migrations';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('upgrading past migration 0005 (suppression ids)', () => {
  it('keeps every entry with its rowid as id, and ids keep growing', async () => {
    const url = `file:${join(dir, 'old.db')}`;
    const { db, close } = await openNodeDatabase(url);
    try {
      await migrate(db, { migrationsFolder: migrationsUpTo(dir, 4) });
      const c = db.$client;
      await c.executeMultiple(`
        INSERT INTO suppressions (email_hash, reason, source, created_at) VALUES
          ('hash-a', 'bounced', 'resend', 1), ('hash-b', 'complained', 'resend', 2),
          ('hash-c', 'erased', 'erasure', 3), ('hash-d', 'bounced', 'resend', 4);
        DELETE FROM suppressions WHERE email_hash = 'hash-d';
      `);

      // The way the server migrates its file at start.
      await applyMigrationsToFile(url);

      const rows = await c.execute(
        'SELECT id, email_hash, reason, source, created_at FROM suppressions ORDER BY id',
      );
      expect(rows.rows.map((r) => ({ ...r }))).toEqual([
        { id: 1, email_hash: 'hash-a', reason: 'bounced', source: 'resend', created_at: 1 },
        { id: 2, email_hash: 'hash-b', reason: 'complained', source: 'resend', created_at: 2 },
        { id: 3, email_hash: 'hash-c', reason: 'erased', source: 'erasure', created_at: 3 },
      ]);
      // An (address, reason) pair is listed once.
      await expect(
        c.execute(
          "INSERT INTO suppressions (email_hash, reason, source, created_at) VALUES ('hash-a', 'bounced', 'x', 5)",
        ),
      ).rejects.toThrow(/UNIQUE/);
      // New entries get larger ids, even after the largest one is deleted and the file vacuumed.
      await c.execute(
        "INSERT INTO suppressions (email_hash, reason, source, created_at) VALUES ('hash-e', 'bounced', 'x', 6)",
      );
      await c.execute('DELETE FROM suppressions WHERE id = 4');
      await c.execute('VACUUM');
      await c.execute(
        "INSERT INTO suppressions (email_hash, reason, source, created_at) VALUES ('hash-f', 'bounced', 'x', 7)",
      );
      const last = await c.execute("SELECT id FROM suppressions WHERE email_hash = 'hash-f'");
      expect(last.rows[0].id).toBe(5);
    } finally {
      close();
    }
  });
});
