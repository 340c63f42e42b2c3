// The suppression-hash key belongs to its data: started on existing data with another key,
// the Node server and the command line refuse, naming SUPPRESSION_HASH_KEY, instead of
// silently no longer seeing a single suppression.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config';
import { createSuppressionHasher } from '../../src/crypto/suppression-hasher';
import { serviceMeta } from '../../src/db/schema';
import { KEY_FINGERPRINT } from '../../src/domain/hash-key-check';
import { root, runCli } from '../cli/run-cli';
import { createContact, createTestEnv, SUPPRESSION_KEY } from '../support/harness';
import { freePort } from '../support/spawn-server';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OTHER_KEY = 'another-suppression-hash-key-0123456789abcdef';
let n = 0;
const dbPath = () => join(dir, `db-${++n}.db`);

/** A database with a contact, made with the test key; optionally as from before fingerprints. */
async function existingData(opts: { withoutFingerprint?: boolean } = {}) {
  const path = dbPath();
  const env = await createTestEnv({ dbPath: path });
  await createContact(env);
  if (opts.withoutFingerprint)
    await env.deps.db.delete(serviceMeta).where(eq(serviceMeta.key, KEY_FINGERPRINT));
  env.close();
  return path;
}

/** Runs the Node server entry until it exits (or kills it after a while), with its output. */
function runServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    void freePort().then((port) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => {
        output += d;
      });
      child.stderr.on('data', (d) => {
        output += d;
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    }, reject);
  });
}

describe('the suppression-hash key', { timeout: 90_000 }, () => {
  it('is fingerprinted with the data: an HMAC of a fixed label, never the key', async () => {
    const path = dbPath();
    const env = await createTestEnv({ dbPath: path });
    const rows = await env.deps.db.select().from(serviceMeta).where(eq(serviceMeta.key, KEY_FINGERPRINT));
    env.close();
    expect(rows).toEqual([
      expect.objectContaining({
        key: KEY_FINGERPRINT,
        value: createSuppressionHasher(SUPPRESSION_KEY).fingerprint(),
      }),
    ]);
    expect(rows[0].value).not.toContain(SUPPRESSION_KEY);
    expect(createSuppressionHasher(OTHER_KEY).fingerprint()).not.toBe(rows[0].value);
  });

  it('refuses to start on existing data with another key, and starts with the right one', async () => {
    const path = await existingData();
    const other = createTestEnv({ dbPath: path, env: { SUPPRESSION_HASH_KEY: OTHER_KEY } });
    await expect(other).rejects.toThrow(ConfigError);
    await expect(other).rejects.toThrow(/SUPPRESSION_HASH_KEY/);
    (await createTestEnv({ dbPath: path })).close();
  });

  it('checks a database from before fingerprints against the hashes on its contacts', async () => {
    const path = await existingData({ withoutFingerprint: true });
    await expect(createTestEnv({ dbPath: path, env: { SUPPRESSION_HASH_KEY: OTHER_KEY } })).rejects.toThrow(
      /SUPPRESSION_HASH_KEY .*keyed hashes stored on its contacts/,
    );
    const env = await createTestEnv({ dbPath: path });
    const rows = await env.deps.db.select().from(serviceMeta).where(eq(serviceMeta.key, KEY_FINGERPRINT));
    env.close();
    expect(rows.map((r) => r.value)).toEqual([createSuppressionHasher(SUPPRESSION_KEY).fingerprint()]);
  });

  it('moved from data/secrets.json to the environment with a new value, the server and the CLI refuse it', async () => {
    // First start without SUPPRESSION_HASH_KEY: the key is generated into data/secrets.json.
    const data = join(dir, 'moved');
    const DATABASE_URL = `file:${join(data, 'mailprefs.db')}`;
    const created = await runCli(['keys', 'create', '--name', 'admin', '--scope', 'admin'], { DATABASE_URL });
    expect(created.code).toBe(0);
    const stored = JSON.parse(readFileSync(join(data, 'secrets.json'), 'utf8')) as { signingKeys: string };

    const env = { DATABASE_URL, SIGNING_KEYS: stored.signingKeys, SUPPRESSION_HASH_KEY: OTHER_KEY };
    const server = await runServer(env);
    expect(server.code).toBe(1);
    expect(server.output).toMatch(
      /SUPPRESSION_HASH_KEY is not the key this database's suppression list was made with/,
    );
    expect(server.output).not.toMatch(/\n\s+at /); // no stack trace
    expect(server.output).not.toContain(OTHER_KEY);

    const cli = await runCli(['export', '--format', 'json'], env);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/^mailprefs export: SUPPRESSION_HASH_KEY is not the key/);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
    expect(cli.stdout).toBe('');
  });
});
