// `mailprefs users …`: console accounts from the command line, on the database the server
// uses; an account made here signs in to the console at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, postForm } from '../support/console';
import { createTestEnv, SIGNING_KEYS, SUPPRESSION_KEY, type TestEnv, uniqueEmail } from '../support/harness';
import { runCli } from './run-cli';

let dir: string;
let env: TestEnv;
let cliEnv: Record<string, string>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mailprefs-users-'));
  env = await createTestEnv({ dbPath: join(dir, 'shared.db') });
  cliEnv = { DATABASE_URL: `file:${env.dbPath}`, SIGNING_KEYS, SUPPRESSION_HASH_KEY: SUPPRESSION_KEY };
});
afterAll(() => {
  env.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signInStatus(email: string, password: string): Promise<number> {
  const page = await env.app.request('/admin/login');
  const res = await postForm(env, '/admin/login', { csrf: csrfOf(await page.text()), email, password });
  return res.status;
}

describe('users create', () => {
  it('prints a generated password once, which signs in', async () => {
    const email = uniqueEmail('office');
    const out = await runCli(['users', 'create', '--email', email, '--role', 'admin'], cliEnv);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`Created admin account usr_`);
    const password = out.stdout.match(/^ {4}(\S{20})$/m)?.[1];
    expect(password).toBeDefined();
    expect(await signInStatus(email, password!)).toBe(303);
  });

  it('takes a password on stdin with --password-stdin, and refuses one under 12 characters', async () => {
    const email = uniqueEmail('marketing');
    const short = await runCli(
      ['users', 'create', '--email', email, '--role', 'staff', '--password-stdin'],
      cliEnv,
      {
        input: 'too short\n',
      },
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 12 characters');
    const ok = await runCli(
      ['users', 'create', '--email', email, '--role', 'staff', '--password-stdin'],
      cliEnv,
      {
        input: 'a staff password of mine\n',
      },
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain('a staff password of mine');
    expect(await signInStatus(email, 'a staff password of mine')).toBe(303);
  });

  it('refuses a wrong role and a second account for the same address in another spelling', async () => {
    const email = uniqueEmail('twice');
    expect((await runCli(['users', 'create', '--email', email, '--role', 'owner'], cliEnv)).code).toBe(2);
    expect((await runCli(['users', 'create', '--email', email, '--role', 'staff'], cliEnv)).code).toBe(0);
    const again = await runCli(
      ['users', 'create', '--email', email.toUpperCase(), '--role', 'staff'],
      cliEnv,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already an account');
  });
});

describe('users list, disable and reset-password', () => {
  it('lists accounts; disabling one ends its sign-ins; a reset password replaces the old one', async () => {
    const email = uniqueEmail('leaver');
    await runCli(['users', 'create', '--email', email, '--role', 'staff', '--password-stdin'], cliEnv, {
      input: 'the first password',
    });
    const list = await runCli(['users', 'list'], cliEnv);
    expect(list.stdout).toMatch(new RegExp(`${email.replace(/[.+]/g, '\\$&')}\\s+staff`));
    expect(list.stdout).not.toContain('pbkdf2');

    const reset = await runCli(['users', 'reset-password', '--email', email, '--password-stdin'], cliEnv, {
      input: 'the second password',
    });
    expect(reset.code).toBe(0);
    expect(await signInStatus(email, 'the first password')).toBe(401);
    expect(await signInStatus(email, 'the second password')).toBe(303);

    const disable = await runCli(['users', 'disable', '--email', email], cliEnv);
    expect(disable.stdout).toContain('Disabled');
    expect(await signInStatus(email, 'the second password')).toBe(401);
    const listed = await runCli(['users', 'list'], cliEnv);
    expect(listed.stdout).toMatch(
      new RegExp(`${email.replace(/[.+]/g, '\\$&')}\\s+staff\\s+\\S+\\s+\\d{4}-`),
    );
  });

  it('writes each change to the audit log as the command line', async () => {
    const res = await env.api('GET', '/v1/audit?subject_type=user&limit=100');
    const { events } = (await res.json()) as { events: Array<{ action: string; actor_type: string }> };
    const byCli = events.filter((e) => e.actor_type === 'cli').map((e) => e.action);
    expect(byCli).toEqual(expect.arrayContaining(['user.created', 'user.password_reset', 'user.disabled']));
  });
});
