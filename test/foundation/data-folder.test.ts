// The data folder of the embedded default, as the real server leaves it: private files, and
// no silent fresh start when the database has gone missing beside its secrets.
import { existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnFailingServer, spawnServer } from '../support/spawn-server';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADMIN_API_KEY = 'data-folder-admin-key-0123456789';
const auth = { authorization: `Bearer ${ADMIN_API_KEY}`, 'content-type': 'application/json' };
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

// A common umask: left to their defaults, folders would be 0755 and files 0644.
let umask: number;
beforeEach(() => {
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
});

describe('the data folder', { timeout: 180_000 }, () => {
  it('is created readable by its owner only (0700), and so are the database files and secrets.json (0600)', async () => {
    const cwd = mkdtempSync(join(dir, 'modes-'));
    const server = await spawnServer({ CWD: cwd, ADMIN_API_KEY }, 90_000);
    try {
      const data = join(cwd, 'data');
      expect(mode(data)).toBe('700');
      for (const file of ['mailprefs.db', 'mailprefs.db-wal', 'mailprefs.db-shm', 'secrets.json']) {
        expect([file, mode(join(data, file))]).toEqual([file, '600']);
      }
    } finally {
      await server.stop();
    }
  });

  it('refuses to start on a missing database beside secrets.json, says how to go on, and creates nothing', async () => {
    const cwd = mkdtempSync(join(dir, 'lost-'));
    const db = join(cwd, 'data', 'mailprefs.db');
    let server = await spawnServer({ CWD: cwd, ADMIN_API_KEY }, 90_000);
    let unsubscribePath: string;
    try {
      const res = await fetch(`${server.url}/v1/links`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ email: 'sent-before@example.nl', topic: null }),
      });
      expect(res.status).toBe(200);
      unsubscribePath = new URL(((await res.json()) as { unsubscribe_url: string }).unsubscribe_url).pathname;
    } finally {
      await server.stop();
    }

    // The database goes missing (here: moved away); secrets.json stays.
    const moved = join(cwd, 'elsewhere');
    const files = ['', '-wal', '-shm'].filter((suffix) => existsSync(`${db}${suffix}`));
    for (const suffix of files) renameSync(`${db}${suffix}`, `${moved}${suffix}`);

    const refused = await spawnFailingServer({ CWD: cwd, ADMIN_API_KEY }, 90_000);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('data/mailprefs.db is missing');
    expect(refused.stderr).toContain('secrets.json');
    // The three ways on: restore it, point DATABASE_URL at it, or start afresh deliberately.
    expect(refused.stderr).toMatch(/restore/);
    expect(refused.stderr).toMatch(/DATABASE_URL/);
    expect(refused.stderr).toMatch(/move .*secrets\.json away/);
    expect(refused.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(db)).toBe(false);

    // Restored, it starts, and the link sent before still works.
    for (const suffix of files) renameSync(`${moved}${suffix}`, `${db}${suffix}`);
    server = await spawnServer({ CWD: cwd, ADMIN_API_KEY }, 90_000);
    try {
      expect((await fetch(`${server.url}${unsubscribePath}`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
