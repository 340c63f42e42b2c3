// Two processes starting at the same moment on one data folder (two servers, a server and the
// CLI): both must come up, on one database migrated once and one set of local secrets.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../src/db/node';
import { migrationsUpTo } from '../support/migrations';
import { spawnServer } from '../support/spawn-server';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'mailprefs-concurrent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const journal = JSON.parse(readFileSync(join(root, 'drizzle/meta/_journal.json'), 'utf8')) as {
  entries: unknown[];
};

// Real processes on a shared two-core machine: allow for slow starts.
describe('first starts at the same moment', { timeout: 120_000 }, () => {
  it('a start waits for the migrations another process is applying, then finds nothing left to do', async () => {
    // A database as release 0004 left it, with a suppression the upgrade must carry over once.
    const url = `file:${join(dir, 'upgrade.db')}`;
    const old = await openNodeDatabase(url);
    await migrate(old.db, { migrationsFolder: migrationsUpTo(dir, 4) });
    await old.db.$client.execute(
      "INSERT INTO suppressions (email_hash, reason, source, created_at) VALUES ('hash-a', 'bounced', 'resend', 1)",
    );
    old.close();

    // Another process is half-way through the same upgrade: it holds the write lock.
    const other = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(root, 'test/support/slow-migrator.ts'), url, '5', '1500'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const otherDone = new Promise<number | null>((resolve) => other.once('close', resolve));
    await new Promise<void>((resolve, reject) => {
      other.stdout.on('data', (d) => String(d).includes('locked') && resolve());
      other.once('close', () => reject(new Error('the other migrator ended before taking the lock')));
    });

    // This process starts meanwhile, the way the server migrates its file.
    const database = await openNodeDatabase(url);
    try {
      await database.migrate();
      expect(await otherDone).toBe(0);
      const client = database.db.$client;
      const applied = await client.execute('SELECT hash FROM __drizzle_migrations');
      expect(applied.rows.length).toBe(journal.entries.length);
      expect(new Set(applied.rows.map((r) => r.hash)).size).toBe(journal.entries.length);
      expect(
        (await client.execute('SELECT id, email_hash FROM suppressions')).rows.map((r) => ({ ...r })),
      ).toEqual([{ id: 1, email_hash: 'hash-a' }]);
    } finally {
      database.close();
    }
  });

  it('two servers started together on a fresh data folder both answer, with the same signing keys', async () => {
    const cwd = mkdtempSync(join(dir, 'servers-'));
    const env = {
      CWD: cwd,
      ADMIN_API_KEY: 'concurrent-admin-key-0123456789',
      RETENTION_INTERVAL_MINUTES: '0',
    };
    const [a, b] = await Promise.all([spawnServer(env, 90_000), spawnServer(env, 90_000)]);
    try {
      const auth = { authorization: `Bearer ${env.ADMIN_API_KEY}`, 'content-type': 'application/json' };
      const links = await fetch(`${a.url}/v1/links`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ email: 'both@example.nl', topic: null }),
      });
      expect(links.status).toBe(200);
      const { unsubscribe_url } = (await links.json()) as { unsubscribe_url: string };
      // A link one server signed opens on the other.
      const page = await fetch(`${b.url}${new URL(unsubscribe_url).pathname}`);
      expect(page.status, b.output()).toBe(200);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
