// What the command line tells the person running it: links that reach their server, what an
// export wrote and where, and an import summary that comes once, with every rejected row (an
// unsupported locale included) in a rejects file that ends like a text file should.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_KEY,
  createContact,
  createTestEnv,
  createTopic,
  SIGNING_KEYS,
  SUPPRESSION_KEY,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';
import { spawnServer } from '../support/spawn-server';
import { runCli } from './run-cli';

let dir: string;
let env: TestEnv;
let cliEnv: Record<string, string>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mailprefs-cli-output-'));
  env = await createTestEnv({ dbPath: join(dir, 'shared.db') });
  // No PUBLIC_URL and no PORT: each test says which it sets.
  cliEnv = { DATABASE_URL: `file:${env.dbPath}`, SIGNING_KEYS, SUPPRESSION_HASH_KEY: SUPPRESSION_KEY };
});
afterAll(() => {
  env.close();
  rmSync(dir, { recursive: true, force: true });
});

const urlsIn = (stdout: string) =>
  [...stdout.matchAll(/^(?:Unsubscribe|Preferences) URL: (\S+)$/gm)].map((m) => m[1]);

describe('mailprefs link', () => {
  it('builds its URLs on PUBLIC_URL, else on localhost and PORT', { timeout: 60_000 }, async () => {
    const topic = await createTopic(env);
    const { email } = await createContact(env);

    const byPort = await runCli(['link', email, '--topic', topic], { ...cliEnv, PORT: '9123' });
    expect(byPort.code, byPort.stderr).toBe(0);
    const portUrls = urlsIn(byPort.stdout);
    expect(portUrls).toHaveLength(2);
    for (const url of portUrls) expect(url).toMatch(/^http:\/\/localhost:9123\/[up]\//);
    expect(byPort.stdout).toContain(`List-Unsubscribe: <${portUrls[0]}>`);

    const byUrl = await runCli(['link', email, '--topic', topic], {
      ...cliEnv,
      PORT: '9123',
      PUBLIC_URL: 'https://prefs.example.be/',
    });
    expect(byUrl.code, byUrl.stderr).toBe(0);
    for (const url of urlsIn(byUrl.stdout)) expect(url).toMatch(/^https:\/\/prefs\.example\.be\/[up]\//);
  });

  it('without PUBLIC_URL or PORT, links to the server that last started on the database', {
    timeout: 60_000,
  }, async () => {
    const db = join(dir, 'served.db');
    const secrets = { DATABASE_URL: `file:${db}`, SIGNING_KEYS, SUPPRESSION_HASH_KEY: SUPPRESSION_KEY };
    const server = await spawnServer({ ...secrets, ADMIN_API_KEY: ADMIN_KEY });
    const { port } = new URL(server.url);
    try {
      const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
      await fetch(`${server.url}/v1/topics/news`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ name: { en: 'News', nl: 'Nieuws' }, basis: 'legitimate_interest' }),
      });
      const email = uniqueEmail();
      await fetch(`${server.url}/v1/contacts`, { method: 'POST', headers, body: JSON.stringify({ email }) });

      const res = await runCli(['link', email, '--topic', 'news'], secrets);
      expect(res.code, res.stderr).toBe(0);
      const urls = urlsIn(res.stdout);
      expect(urls).toHaveLength(2);
      for (const url of urls) expect(url.startsWith(`http://localhost:${port}/`)).toBe(true);
      expect(res.stderr).toContain(
        `Links use http://localhost:${port}, the URL the server last started with`,
      );
      // The printed unsubscribe link reaches that server.
      const page = await fetch(`${server.url}${new URL(urls[0]).pathname}`);
      expect(page.status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('mailprefs export --out', () => {
  it('says what it wrote and where', { timeout: 60_000 }, async () => {
    const topic = await createTopic(env);
    const { email } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });

    const csvFile = join(dir, 'export.csv');
    const csv = await runCli(['export', '--format', 'csv', '--out', csvFile], cliEnv);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = readFileSync(csvFile, 'utf8').trimEnd().split('\n').length - 1;
    expect(rows).toBeGreaterThan(0);
    expect(csv.stdout).toBe(`Wrote ${rows} ${rows === 1 ? 'contact' : 'contacts'} (CSV) to ${csvFile}\n`);

    const jsonFile = join(dir, 'export.json');
    const json = await runCli(['export', '--out', jsonFile], cliEnv);
    const doc = JSON.parse(readFileSync(jsonFile, 'utf8')) as { contacts: unknown[] };
    expect(json.stdout).toBe(`Wrote ${doc.contacts.length} contacts (JSON) to ${jsonFile}\n`);

    const oneFile = join(dir, 'one.json');
    const one = await runCli(['export', '--email', email, '--out', oneFile], cliEnv);
    expect(JSON.parse(readFileSync(oneFile, 'utf8'))).toMatchObject({ contact: { email } });
    expect(one.stdout).toBe(`Wrote 1 contact's data document (JSON) to ${oneFile}\n`);

    const nowhere = await runCli(['export', '--out', join(dir, 'no-such-folder', 'x.csv')], cliEnv);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('cannot write');
    expect(nowhere.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('mailprefs import', () => {
  it('rejects a row with an unsupported locale, prints its summary once, and ends the rejects file with a newline', {
    timeout: 60_000,
  }, async () => {
    const topic = await createTopic(env);
    const [nl, upper, none, fr, tag] = ['nl', 'upper', 'none', 'fr', 'tag'].map((p) =>
      uniqueEmail(`loc-${p}`),
    );
    const file = join(dir, 'locales.csv');
    writeFileSync(file, `email,locale\n${nl},nl\n${upper}, EN \n${none},\n${fr},es\n${tag},nl-BE\n`);

    const res = await runCli(['import', file, '--topic', topic, '--source', 'crm'], cliEnv);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.match(/Imported 5 rows/g)).toHaveLength(1);
    expect(res.stdout).toMatch(/subscribed: +3\n/);
    expect(res.stdout).toMatch(/rejected: +2 \(unsupported_locale 2\)/);
    // Progress on stderr (a line every 2 s on a slow machine) does not repeat the summary.
    expect(res.stderr).not.toMatch(/done|Imported|subscribed: /);

    const rejects = readFileSync(`${file}.rejects.csv`, 'utf8');
    expect(rejects).toBe(`line,email,reason\n5,${fr},unsupported_locale\n6,${tag},unsupported_locale\n`);

    const locale = async (email: string) =>
      (
        (await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).json()) as {
          locale: string;
        }
      ).locale;
    expect(await locale(nl)).toBe('nl');
    expect(await locale(upper)).toBe('en');
    expect(await locale(none)).toBeNull();
    expect((await env.api('GET', `/v1/contacts/${encodeURIComponent(fr)}`)).status).toBe(404);
  });
});
