import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHranaServer } from '../../scripts/hrana-server';
import {
  createContact,
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
  dir = mkdtempSync(join(tmpdir(), 'mailprefs-cli-'));
  // The test app and the command line share one database file, as the server and the CLI do.
  env = await createTestEnv({ dbPath: join(dir, 'shared.db') });
  cliEnv = {
    DATABASE_URL: `file:${env.dbPath}`,
    SIGNING_KEYS,
    SUPPRESSION_HASH_KEY: SUPPRESSION_KEY,
    PUBLIC_URL: 'https://prefs.example.nl',
    UNSUBSCRIBE_MAILTO: 'unsubscribe@example.nl',
  };
});
afterAll(() => {
  env.close();
  rmSync(dir, { recursive: true, force: true });
});

const path = (email: string) => `/v1/contacts/${encodeURIComponent(email)}`;

async function writeCsv(file: string, rows: number, extra: string[]) {
  const out = createWriteStream(file);
  let chunk = 'email,locale\n';
  for (let i = 0; i < rows - extra.length; i++) {
    chunk +=
      i % 1000 === 999 ? `broken-row-${i}\n` : `bulk.${i}.${process.pid}@example.nl,${i % 2 ? 'nl' : 'en'}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  chunk += extra.map((e) => `${e}\n`).join('');
  out.end(chunk);
  await once(out, 'finish');
}

describe('mailprefs import', () => {
  it('imports a 100,000-row CSV with progress lines, reports bad rows, and never brings back an erased or opted-out address', {
    timeout: 120_000,
  }, async () => {
    const topic = await createTopic(env);
    const erased = await createContact(env);
    expect((await env.api('DELETE', path(erased.email))).status).toBe(200);
    const optedOut = await createContact(env, { subscriptions: { [topic]: 'unsubscribed' } });
    const file = join(dir, 'contacts.csv');
    await writeCsv(file, 100_000, [erased.email, `"${optedOut.email}",nl`]);

    const res = await runCli(['import', file, '--topic', topic, '--source', 'crm export'], cliEnv, {
      timeoutMs: 120_000,
    });
    expect(res.code, res.stderr).toBe(0);
    // Not a terminal here: plain progress lines with rows per second.
    expect(res.stderr).toMatch(/^import: [\d,]+ rows \(.*\), [\d,]+ rows\/s$/m);
    // The summary comes once, on stdout; progress does not repeat it.
    expect(res.stderr).not.toMatch(/done|subscribed: /);
    expect(res.stdout).toContain("Imported 100,000 rows into '");
    expect(res.stdout).toMatch(/rejected: +101 \(invalid_email 99, erased 1, opted_out 1\)/);

    const rejects = readFileSync(`${file}.rejects.csv`, 'utf8').trim().split('\n');
    expect(rejects[0]).toBe('line,email,reason');
    expect(rejects).toHaveLength(102);
    expect(rejects[1]).toBe('1001,broken-row-999,invalid_email');
    expect(rejects.slice(-2)).toEqual([
      `100000,${erased.email},erased`,
      `100001,${optedOut.email},opted_out`,
    ]);

    const imported = (await (await env.api('GET', path(`bulk.1.${process.pid}@example.nl`))).json()) as {
      locale: string;
      subscriptions: Record<string, string>;
      consent_trail: Array<{ source: string; action: string }>;
    };
    expect(imported.locale).toBe('nl');
    expect(imported.subscriptions).toEqual({ [topic]: 'subscribed' });
    expect(imported.consent_trail).toMatchObject([{ source: 'import:crm export', action: 'subscribe' }]);
    expect((await env.api('GET', path(erased.email))).status).toBe(404);
    const still = (await (await env.api('GET', path(optedOut.email))).json()) as { subscriptions: object };
    expect(still.subscriptions).toEqual({ [topic]: 'unsubscribed' });
  });

  it('reads addresses in its worker thread in the one canonical form: an erased address in other spellings stays out', async () => {
    const topic = await createTopic(env);
    const name = `cli${process.pid}${Date.now()}`;
    const erased = await env.api('DELETE', `${path(`${name}@b\u00fccher.example`)}?suppress=true`);
    expect(erased.status).toBe(200);
    const spellings = [
      `${name.toUpperCase()}@XN--BCHER-KVA.example`,
      `${name}@bu\u0308cher.example`,
      `${name}\u200b@b\u00fccher.example`,
      `${name}@b\u00fc\u00adcher.example`,
    ];
    const file = join(dir, 'spellings.csv');
    writeFileSync(file, `email\n${spellings.join('\n')}\nfresh.${name}@b\u00fccher.example\n`);
    const res = await runCli(['import', file, '--topic', topic, '--source', 'spellings'], cliEnv);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/subscribed: +1\n/);
    expect(res.stdout).toMatch(/rejected: +4 \(erased 4\)/);
    const fresh = await env.api('GET', path(`fresh.${name}@xn--bcher-kva.example`));
    expect(fresh.status).toBe(200);
  });

  it('works against a remote database given by DATABASE_URL (libSQL over HTTP)', async () => {
    const topic = await createTopic(env);
    const server = await startHranaServer({ dbPath: env.dbPath, authToken: 'remote-token' });
    try {
      const file = join(dir, 'remote.csv');
      const email = uniqueEmail('remote');
      writeFileSync(file, `email,locale\n${email},nl\nnot-an-address,en\n`);
      const res = await runCli(['import', file, '--topic', topic, '--source', 'remote test'], {
        ...cliEnv,
        DATABASE_URL: server.url,
        DATABASE_AUTH_TOKEN: 'remote-token',
      });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/subscribed: +1\n/);
      const read = (await (await env.api('GET', path(email))).json()) as { subscriptions: object };
      expect(read.subscriptions).toEqual({ [topic]: 'subscribed' });
    } finally {
      await server.close();
    }
  });

  it('explains what is wrong: exit 2 for a wrong call, exit 1 for a refusal', async () => {
    const missing = await runCli(['import', 'x.csv', '--source', 'crm'], cliEnv);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--topic is required');

    const file = join(dir, 'small.csv');
    await writeCsv(file, 3, []);
    const unknown = await runCli(['import', file, '--topic', 'no-such-topic', '--source', 'crm'], cliEnv);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("topic 'no-such-topic' does not exist");

    const basis = await runCli(
      ['import', file, '--topic', 'x', '--source', 'crm', '--basis', 'because'],
      cliEnv,
    );
    expect(basis.code).toBe(2);
    expect(basis.stderr).toContain('--basis must be one of');

    // Found by the worker thread that reads the file, reported like any refusal.
    const topic = await createTopic(env);
    const noHeader = join(dir, 'no-header.csv');
    writeFileSync(noHeader, 'address,locale\nx@example.nl,nl\n');
    const header = await runCli(['import', noHeader, '--topic', topic, '--source', 'crm'], cliEnv);
    expect(header.code).toBe(1);
    expect(header.stderr).toContain('the first row must be a header with an "email" column');
    // Four CLI processes, each migrating and checking its database: slow on a busy 2-core host.
  }, 60_000);
});

describe('mailprefs keys', () => {
  it('creates an admin key (through npx-style bin) that works, lists it without the secret, and revokes it', async () => {
    const created = await runCli(['keys', 'create', '--name', 'admin', '--scope', 'admin'], cliEnv, {
      bin: true,
    });
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.match(/mp_[\w-]+/)?.[0];
    const id = created.stdout.match(/key_[\w-]+/)?.[0];
    expect(secret).toBeDefined();
    expect((await env.api('GET', '/v1/topics', undefined, { key: secret })).status).toBe(200);

    const list = await runCli(['keys', 'list'], cliEnv);
    expect(list.stdout).toContain(id);
    expect(list.stdout).not.toContain(secret);

    const revoked = await runCli(['keys', 'revoke', id!], cliEnv);
    expect(revoked.code).toBe(0);
    expect((await env.api('GET', '/v1/topics', undefined, { key: secret })).status).toBe(401);
    // Three CLI processes, one through the bin wrapper: slow on a busy 2-core host.
  }, 60_000);

  it('works against the embedded default database when DATABASE_URL is not set', async () => {
    const cwd = mkdtempSync(join(dir, 'embedded-'));
    const res = await runCli(
      ['keys', 'create', '--name', 'first', '--scope', 'presend'],
      {},
      { cwd, bin: true },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(existsSync(join(cwd, 'data', 'mailprefs.db'))).toBe(true);
    expect((await runCli(['keys', 'list'], {}, { cwd })).stdout).toContain('first');
  });
});

describe('mailprefs link', () => {
  it('prints signed unsubscribe and preference URLs and the List-Unsubscribe headers', async () => {
    const topic = await createTopic(env);
    const contact = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const res = await runCli(
      ['link', contact.email.toUpperCase(), '--topic', topic, '--campaign', 'spring'],
      cliEnv,
    );
    expect(res.code, res.stderr).toBe(0);
    const unsubscribe = res.stdout.match(/^Unsubscribe URL: (https:\/\/prefs\.example\.nl\/u\/(\S+))$/m);
    expect(unsubscribe).not.toBeNull();
    const claims = await env.deps.signer.verify(unsubscribe![2], 'unsubscribe');
    expect(claims).toMatchObject({ contactId: contact.id, topic, campaign: 'spring' });
    expect(res.stdout).toMatch(/^Preferences URL: https:\/\/prefs\.example\.nl\/p\/\S+$/m);
    expect(res.stdout).toContain(
      `List-Unsubscribe: <${unsubscribe![1]}>, <mailto:unsubscribe@example.nl?subject=unsubscribe>`,
    );
    expect(res.stdout).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    const unknown = await runCli(['link', uniqueEmail(), '--topic', topic], cliEnv);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('contact not found');
  });
});

describe('mailprefs export', () => {
  it('exports every contact as CSV or JSON, and one person as their data document', {
    timeout: 90_000,
  }, async () => {
    const topic = await createTopic(env);
    const contact = await createContact(env, { locale: 'nl', subscriptions: { [topic]: 'subscribed' } });

    const out = join(dir, 'contacts-export.csv');
    const csv = await runCli(['export', '--format', 'csv', '--out', out], cliEnv);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 5)).toEqual([
      'email',
      'locale',
      'created_at',
      'last_activity_at',
      'unsubscribed_all',
    ]);
    const row = lines.find((l) => l.startsWith(`${contact.email},`))!.split(',');
    expect(row[1]).toBe('nl');
    expect(row[header.indexOf(topic)]).toBe('subscribed');

    const json = await runCli(['export'], cliEnv);
    const doc = JSON.parse(json.stdout) as {
      schema_version: number;
      contacts: Array<{ email: string; subscriptions: object }>;
    };
    expect(doc.schema_version).toBe(1);
    expect(doc.contacts.find((c) => c.email === contact.email)?.subscriptions).toEqual({
      [topic]: 'subscribed',
    });
    expect(doc.contacts.length).toBe(lines.length - 1);

    const one = await runCli(['export', '--email', contact.email], cliEnv);
    expect(JSON.parse(one.stdout)).toMatchObject({
      schema: 'mailprefs/contact-export',
      schema_version: 1,
      contact: { email: contact.email },
      consent_trail: [{ topic, action: 'subscribe' }],
    });
  });
});

describe('mailprefs retention run', () => {
  it('runs the clean-up and prints the counts', async () => {
    const res = await runCli(['retention', 'run'], cliEnv);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Retention run \d+ finished\./);
    expect(res.stdout).toMatch(/pending sign-ups older than 30 days deleted: \d+/);
    expect(res.stdout).toMatch(/contacts inactive for 90 days deleted: +\d+/);
  });
});
