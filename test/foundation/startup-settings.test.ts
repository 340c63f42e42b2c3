// Every setting, given a wrong value, stops start-up with a message that names it: never a
// stack trace, never a start on a half-understood configuration. Each row goes through the
// Node entry's own `main` and the text its failure prints; a few rows also run as the real
// process, for the exit code and what reaches the terminal.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HranaServer, startHranaServer } from '../../scripts/hrana-server';
import { configVariables } from '../../src/config';
import { main, startupFailureText } from '../../src/server';
import { freePort, spawnFailingServer } from '../support/spawn-server';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-settings-'));
const STACK_LINE = /^\s+at /m;
let hrana: HranaServer;
let taken: Server;
let takenPort: number;
let closedPort: number;

beforeAll(async () => {
  hrana = await startHranaServer({ dbPath: join(dir, 'remote.db'), authToken: 'the-right-token' });
  takenPort = await freePort();
  // Something else listens on this port (and hangs up on whoever calls).
  taken = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => taken.listen(takenPort, '127.0.0.1', resolve));
  closedPort = await freePort();
});
afterAll(async () => {
  await hrana?.close();
  await new Promise((resolve) => taken?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

// Free text: no value is wrong at start (Resend judges its key when mail is sent).
const anyValue = new Set(['RESEND_API_KEY', 'BRAND_NAME']);

interface Row {
  variable: string;
  /** The wrong value, or what the environment below stands for. */
  value: string;
  env?: () => Record<string, string>;
}
const row = (variable: string, value: string, env?: Row['env']): Row => ({ variable, value, env });
const rows: Row[] = [
  row('PORT', 'eighty'),
  row('PORT', '70000'),
  row('PORT', '(a port in use)', () => ({ PORT: String(takenPort) })),
  row('HOST', '203.0.113.7'),
  row('DATABASE_URL', 'postgres://x'),
  row('DATABASE_URL', 'file://elsewhere/mailprefs.db'),
  row('DATABASE_URL', '(a server that is not running)', () => ({
    DATABASE_URL: `http://127.0.0.1:${closedPort}`,
  })),
  row('DATABASE_AUTH_TOKEN', '(a token the database refuses)', () => ({
    DATABASE_URL: hrana.url,
    DATABASE_AUTH_TOKEN: 'a-wrong-token',
  })),
  row('PUBLIC_URL', 'prefs.example.com'),
  row('ADMIN_API_KEY', 'short'),
  row('SIGNING_KEYS', 'k1:short'),
  row('SIGNING_KEYS', 'no-secret-given'),
  row('SIGNING_KEYS', 'k1:first-secret-0123456789abcdefghij,k1:second-secret-0123456789abcdefghi'),
  row('LINK_MAX_AGE_DAYS', 'a month'),
  row('UNSUBSCRIBE_MAILTO', 'unsubscribe'),
  row('SUPPRESSION_HASH_KEY', 'short'),
  row('RESEND_BASE_URL', 'localhost:3000'),
  row('RESEND_WEBHOOK_SECRET', 'not-a-whsec'),
  row('MAIL_FROM', 'Example BV'),
  row('PRESEND_WEBHOOK_SECRET', 'not-a-whsec'),
  row('PRESEND_TIMEOUT_MS', 'soon'),
  row('ALLOWED_ORIGINS', 'www.example.com'),
  row('ALLOWED_ORIGINS', 'https://www.example.com/signup'),
  row('BODY_LIMIT_BYTES', '10'),
  row('BRAND_LOGO_URL', 'logo.png'),
  row('BRAND_ACCENT', 'blue'),
  row('BRAND_WEBSITE_URL', 'www.example.com'),
  row('BRAND_DEFAULT_LOCALE', 'es'),
  row('PRIVACY_POLICY_URL', '/privacy'),
  row('PRIVACY_CONTACT', 'privacy'),
  row('RETENTION_PENDING_DAYS', '0'),
  row('RETENTION_INACTIVE_DAYS', 'never'),
  row('RETENTION_INTERVAL_MINUTES', '-1'),
  row('CONSOLE_IDLE_MINUTES', '0'),
  row('CONSOLE_SESSION_HOURS', 'twelve'),
  row('TRUST_PROXY', 'yes'),
  row('LOG_LEVEL', 'verbose'),
  row('SOFT_OPT_IN_MONTHS', 'two years'),
  row('ENCRYPTION_KEY', 'short'),
  row('WEBHOOK_RETRY_SCHEDULE', '0,soon'),
  row('WEBHOOK_ALLOW_PRIVATE_TARGETS', 'maybe'),
  row('WEBHOOK_TIMEOUT_SECONDS', '0'),
  row('WEBHOOK_LEASE_SECONDS', '(no longer than the timeout)', () => ({
    WEBHOOK_TIMEOUT_SECONDS: '30',
    WEBHOOK_LEASE_SECONDS: '20',
  })),
  row('REQUEST_DUE_WORKING_DAYS', '0'),
  row('REQUEST_HOLIDAYS', '25 December'),
];

let n = 0;
/** A working environment on a fresh folder and a free port, with the row's wrong setting. */
async function envFor({ variable, value, env }: Row): Promise<Record<string, string>> {
  n += 1;
  return {
    DATABASE_URL: `file:${join(dir, `row-${n}`, 'mailprefs.db')}`,
    ADMIN_API_KEY: 'settings-admin-key-0123456789',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'error',
    RETENTION_INTERVAL_MINUTES: '0',
    ...(env ? env() : { [variable]: value }),
  };
}

describe('a wrong setting', () => {
  it('has a row in this table for every variable the configuration reads', () => {
    const covered = new Set(rows.map((r) => r.variable));
    expect(configVariables.filter((v) => !covered.has(v) && !anyValue.has(v))).toEqual([]);
  });

  it.each(rows)(
    '$variable=$value stops start-up with a message naming it, without a stack trace',
    async (r) => {
      const outcome = await main(await envFor(r)).then(
        async (server) => {
          await server.stop();
          return 'it started';
        },
        (err: unknown) => startupFailureText(err),
      );
      expect(outcome).not.toBe('it started');
      expect(outcome).toContain(r.variable);
      expect(outcome).not.toMatch(STACK_LINE);
    },
  );
});

describe('the real server process on a wrong setting', { timeout: 90_000 }, () => {
  it.each([
    row('SIGNING_KEYS', 'k1:short'),
    row('DATABASE_URL', 'postgres://x'),
    row('PORT', '(a port in use)', () => ({ PORT: String(takenPort) })),
  ])('$variable=$value: exits with 1 and says which setting, in words', async (r) => {
    const result = await spawnFailingServer(await envFor(r), 60_000);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(r.variable);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });
});
