// Upgrading past migration 0003 (contacts and subscriptions rebuilt, contacts.email_hash added)
// keeps every row and the consent trail (a dropped table with foreign keys on would cascade into
// it), and presend judges the old contacts right until their hashes are filled in. That the
// tables are WITHOUT ROWID is pinned in schema-invariants.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { createHmacSha256 } from '../../src/crypto/sha256';
import { createSuppressionHasher } from '../../src/crypto/suppression-hasher';
import { applyMigrationsToFile } from '../../src/db/migrate';
import { openNodeDatabase } from '../../src/db/node';
import { sqlPresendReader } from '../../src/db/presend/sql-reader';
import { systemClock } from '../../src/domain/clock';
import { fillMissingEmailHashes } from '../../src/domain/contacts';
import { presendVerdicts } from '../../src/domain/presend';
import { emailHash } from '../support/hashes';
import { migrationsUpTo } from '../support/migrations';

const KEY = 'migration-test-hash-key-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'mailprefs-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('upgrading past migration 0003 (WITHOUT ROWID contacts and subscriptions, contacts.email_hash)', () => {
  it('keeps every contact, subscription and trail entry of an older database, and presend stays right', async () => {
    const url = `file:${join(dir, 'old.db')}`;
    const { db, close } = await openNodeDatabase(url);
    try {
      await migrate(db, { migrationsFolder: migrationsUpTo(dir, 2) });
      const c = db.$client;
      await c.executeMultiple(`
        INSERT INTO topics (key, name, basis, created_at, updated_at) VALUES ('news', '{"en":"News"}', 'consent', 1, 1);
        INSERT INTO contacts (id, email, locale, created_at, updated_at, last_activity_at)
          VALUES ('c_old1', 'anna@example.nl', 'nl', 1, 2, 3), ('c_old2', 'bram@example.be', NULL, 1, 1, 1);
        INSERT INTO subscriptions (contact_id, topic_key, status, updated_at)
          VALUES ('c_old1', 'news', 'subscribed', 2), ('c_old2', 'news', 'subscribed', 2);
        INSERT INTO consent_events (contact_id, topic_key, action, source, occurred_at, wording)
          VALUES ('c_old1', 'news', 'subscribe', 'api', 2, 'Yes, mail me'), ('c_old2', 'news', 'subscribe', 'api', 2, 'Yes');
      `);
      // Bram bounced before the upgrade: the list knows him only by his keyed hash.
      await c.execute({
        sql: "INSERT INTO suppressions (email_hash, reason, source, created_at) VALUES (?, 'bounced', 'test', 1)",
        args: [emailHash(KEY, 'bram@example.be')],
      });

      // The way the server migrates its file at start.
      await applyMigrationsToFile(url);

      const contacts = await c.execute(
        'SELECT id, email, email_hash, locale, updated_at FROM contacts ORDER BY id',
      );
      expect(contacts.rows.map((r) => ({ ...r }))).toEqual([
        { id: 'c_old1', email: 'anna@example.nl', email_hash: '', locale: 'nl', updated_at: 2 },
        { id: 'c_old2', email: 'bram@example.be', email_hash: '', locale: null, updated_at: 1 },
      ]);
      expect((await c.execute('SELECT count(*) AS n FROM subscriptions')).rows[0].n).toBe(2);
      expect((await c.execute('SELECT count(*) AS n FROM consent_events')).rows[0].n).toBe(2);
      expect((await c.execute('PRAGMA foreign_key_check')).rows).toEqual([]);

      // Presend before the hashes are filled in: the old rows are hashed on the fly.
      const ask = () =>
        presendVerdicts(
          {
            db,
            reader: sqlPresendReader(db.$client, createHmacSha256(KEY)),
            clock: systemClock,
            softOptInMonths: 24,
          },
          { topic: 'news', recipients: ['anna@example.nl', 'bram@example.be'] },
        );
      const expected = [
        { email: 'anna@example.nl', send: true },
        { email: 'bram@example.be', send: false, reason: 'bounced', scope: 'all' },
      ];
      expect((await ask()).results).toEqual(expected);

      expect(
        await fillMissingEmailHashes({
          ctx: { db, hasher: createSuppressionHasher(KEY) },
          input: { batchSize: 1 },
        }),
      ).toBe(2);
      const filled = await c.execute('SELECT email, email_hash FROM contacts ORDER BY email');
      expect(filled.rows.map((r) => [r.email, r.email_hash])).toEqual([
        ['anna@example.nl', emailHash(KEY, 'anna@example.nl')],
        ['bram@example.be', emailHash(KEY, 'bram@example.be')],
      ]);
      expect(await fillMissingEmailHashes({ ctx: { db, hasher: createSuppressionHasher(KEY) } })).toBe(0);
      // And after: the suppression is now found through the stored hash.
      expect((await ask()).results).toEqual(expected);
    } finally {
      close();
    }
  });
});
