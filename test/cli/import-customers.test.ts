// The command line records customer relationships: the import's customer columns and its
// --customer-since / --customer-until flags (through the import's worker thread), and the
// export hands the dates back in the same columns.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestEnv,
  createTopic,
  SIGNING_KEYS,
  SUPPRESSION_KEY,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';
import { runCli } from './run-cli';

let dir: string;
let env: TestEnv;
let cliEnv: Record<string, string>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mailprefs-cli-customers-'));
  env = await createTestEnv({ dbPath: join(dir, 'shared.db') });
  cliEnv = { DATABASE_URL: `file:${env.dbPath}`, SIGNING_KEYS, SUPPRESSION_HASH_KEY: SUPPRESSION_KEY };
});
afterAll(() => {
  env.close();
  rmSync(dir, { recursive: true, force: true });
});

async function dates(email: string) {
  const res = await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`);
  const body = (await res.json()) as { customer_since: string | null; customer_until: string | null };
  return [body.customer_since, body.customer_until];
}

describe('mailprefs import with customer dates', () => {
  it('takes the columns, fills empty cells from the flags, rejects impossible dates, and exports them back', {
    timeout: 90_000,
  }, async () => {
    const topic = await createTopic(env, { basis: 'legitimate_interest' });
    const [own, flagged, ended, wrong] = [
      uniqueEmail('own'),
      uniqueEmail('flag'),
      uniqueEmail('end'),
      uniqueEmail('x'),
    ];
    const file = join(dir, 'customers.csv');
    writeFileSync(
      file,
      `email,customer_since,customer_until\n${own},2020-02-02,\n${flagged},,\n${ended},2019-01-01,2024-12-31\n${wrong},2024-13-01,\n`,
    );
    const res = await runCli(
      ['import', file, '--topic', topic, '--source', 'CRM', '--customer-since', '2023-05-01'],
      cliEnv,
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/customer dates: +3\b/);
    expect(res.stdout).toMatch(/rejected: +1 \(invalid_customer_dates 1\)/);
    expect(readFileSync(`${file}.rejects.csv`, 'utf8')).toContain(`5,${wrong},invalid_customer_dates`);
    expect(await dates(own)).toEqual(['2020-02-02', null]);
    expect(await dates(flagged)).toEqual(['2023-05-01', null]);
    expect(await dates(ended)).toEqual(['2019-01-01', '2024-12-31']);

    const out = join(dir, 'export.csv');
    expect((await runCli(['export', '--format', 'csv', '--out', out], cliEnv)).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    const row = lines.find((l) => l.startsWith(`${ended},`))!.split(',');
    expect([row[header.indexOf('customer_since')], row[header.indexOf('customer_until')]]).toEqual([
      '2019-01-01',
      '2024-12-31',
    ]);
    const json = JSON.parse((await runCli(['export'], cliEnv)).stdout) as {
      contacts: Array<{ email: string; customer_since: string | null; customer_until: string | null }>;
    };
    expect(json.contacts.find((c) => c.email === own)).toMatchObject({
      customer_since: '2020-02-02',
      customer_until: null,
    });
  });

  it('refuses flags that are not dates, or an end before the start, before reading anything', {
    timeout: 90_000,
  }, async () => {
    const topic = await createTopic(env, { basis: 'legitimate_interest' });
    const file = join(dir, 'one.csv');
    writeFileSync(file, `email\n${uniqueEmail()}\n`);
    for (const flags of [
      ['--customer-since', '1-5-2023'],
      ['--customer-until', '2023-02-29'],
      ['--customer-since', '2023-05-01', '--customer-until', '2023-04-30'],
    ]) {
      const res = await runCli(['import', file, '--topic', topic, '--source', 'CRM', ...flags], cliEnv);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/--customer-(since|until) must/);
    }
  });
});
