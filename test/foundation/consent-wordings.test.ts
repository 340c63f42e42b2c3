// The consent trail keeps each distinct wording once (consent_wordings, keyed by its SHA-256)
// and its rows only the hash (migration 0014). Whatever reads the trail must still show
// exactly the wording that was shown: the API, the data export and the console's contact page,
// for rows written since and for rows an older release stored with their own text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/crypto/sha256';
import { createImportWriter } from '../../src/db/import-writer';
import { openNodeDatabase } from '../../src/db/node';
import { domainContext } from '../../src/deps';
import { readCsv } from '../../src/domain/csv';
import { importContacts } from '../../src/domain/import';
import { signedIn } from '../support/console';
import { createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';
import { migrationsUpTo } from '../support/migrations';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-wordings-'));
const envs: TestEnv[] = [];
afterAll(() => {
  for (const env of envs) env.close();
  rmSync(dir, { recursive: true, force: true });
});

type Row = Record<string, unknown>;
const rows = async (env: TestEnv, query: string): Promise<Row[]> =>
  (await env.deps.db.all<Row>(sql.raw(query))).map((r) => ({ ...r }));

/** The wording of a contact's first trail entry as the API, the export and the console show it. */
async function shownWordings(env: TestEnv, email: string) {
  const api = (await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).json()) as {
    id: string;
    consent_trail: Array<{ wording: string | null }>;
  };
  const doc = (await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}/export`)).json()) as {
    consent_trail: Array<{ wording: string | null }>;
  };
  const staff = await signedIn(env, 'staff');
  const page = await (
    await env.app.request(`/admin/contacts/${api.id}`, { headers: { cookie: staff.cookie } })
  ).text();
  return { api: api.consent_trail[0].wording, export: doc.consent_trail[0].wording, page };
}

describe('consent wordings stored once', () => {
  it('keeps a wording shown to many people once, and every reader shows it on every entry', async () => {
    const env = await createTestEnv({ dbPath: join(dir, 'new.db') });
    envs.push(env);
    const topic = await createTopic(env);
    const text = `Yes, send me the spring letters ${uniqueEmail('w')}`;
    const a = uniqueEmail('a');
    const b = uniqueEmail('b');
    for (const email of [a, b]) {
      const res = await env.api('POST', '/v1/contacts', {
        email,
        subscriptions: { [topic]: 'subscribed' },
        consent: { source: 'website', text },
      });
      expect(res.status).toBe(201);
    }
    const imported = [uniqueEmail('i1'), uniqueEmail('i2'), uniqueEmail('i3')];
    const summary = await importContacts(
      { ...domainContext(env.deps), writer: createImportWriter(env.deps.db) },
      readCsv([`email\n${imported.join('\n')}\n`]),
      { topic, source: 'fair', batchSize: 2 },
    );
    expect(summary.subscribed).toBe(3);

    expect(await rows(env, `select hash from consent_wordings where wording = '${text}'`)).toEqual([
      { hash: sha256Hex(text) },
    ]);
    const importWording = `Imported from "fair" (legal basis: consent)`;
    expect(
      await rows(env, `select count(*) as n from consent_wordings where wording = '${importWording}'`),
    ).toEqual([{ n: 1 }]);
    // No trail row carries the text itself any more, only its hash.
    expect(await rows(env, 'select count(*) as n from consent_events where wording is not null')).toEqual([
      { n: 0 },
    ]);
    expect(
      await rows(
        env,
        `select count(*) as n from consent_events where wording_hash = '${sha256Hex(importWording)}'`,
      ),
    ).toEqual([{ n: 3 }]);

    for (const email of [a, b]) {
      const shown = await shownWordings(env, email);
      expect(shown.api).toBe(text);
      expect(shown.export).toBe(text);
      expect(shown.page).toContain(text);
    }
    for (const email of imported) {
      const shown = await shownWordings(env, email);
      expect(shown.api).toBe(importWording);
      expect(shown.export).toBe(importWording);
      expect(shown.page).toContain('Imported from &quot;fair&quot; (legal basis: consent)');
    }
  });

  it('moves the wordings of an older database out of its rows, and every reader still shows them', async () => {
    const path = join(dir, 'old.db');
    const { db, close } = await openNodeDatabase(`file:${path}`);
    const shared = 'I agree to the monthly letter.';
    const other = 'Send me offers, at most twice a month.';
    try {
      await migrate(db, { migrationsFolder: migrationsUpTo(dir, 13) });
      await db.$client.executeMultiple(`
        INSERT INTO topics (key, name, basis, created_at, updated_at) VALUES ('news', '{"en":"News"}', 'consent', 1, 1);
        INSERT INTO contacts (id, email, email_hash, locale, created_at, updated_at, last_activity_at) VALUES
          ('c_old000000001', 'anna@example.nl', '', 'nl', 1, 1, 1),
          ('c_old000000002', 'bram@example.be', '', 'nl', 1, 1, 1),
          ('c_old000000003', 'cato@example.nl', '', 'nl', 1, 1, 1),
          ('c_old000000004', 'dirk@example.nl', '', 'nl', 1, 1, 1);
        INSERT INTO consent_events (contact_id, topic_key, action, source, occurred_at, wording, wording_hash) VALUES
          ('c_old000000001', 'news', 'subscribe', 'api', 2, '${shared}', '${sha256Hex(shared)}'),
          ('c_old000000002', 'news', 'subscribe', 'api', 2, '${shared}', '${sha256Hex(shared)}'),
          ('c_old000000003', 'news', 'subscribe', 'api', 2, '${other}', '${sha256Hex(other)}'),
          ('c_old000000004', 'news', 'subscribe', 'api', 2, 'Yes', NULL);
      `);
    } finally {
      close();
    }

    const env = await createTestEnv({ dbPath: path });
    envs.push(env);
    expect(await rows(env, 'select hash, wording from consent_wordings order by wording')).toEqual([
      { hash: sha256Hex(shared), wording: shared },
      { hash: sha256Hex(other), wording: other },
    ]);
    // A row without a hash (the earliest releases) keeps its own text: nothing names it elsewhere.
    expect(
      await rows(env, 'select contact_id, wording from consent_events where wording is not null'),
    ).toEqual([{ contact_id: 'c_old000000004', wording: 'Yes' }]);

    const expected: Record<string, string> = {
      'anna@example.nl': shared,
      'bram@example.be': shared,
      'cato@example.nl': other,
      'dirk@example.nl': 'Yes',
    };
    for (const [email, wording] of Object.entries(expected)) {
      const shown = await shownWordings(env, email);
      expect(shown.api).toBe(wording);
      expect(shown.export).toBe(wording);
      expect(shown.page).toContain(wording);
    }
  });

  it('refuses to change a wording, to drop one a trail entry needs, or to lose a row’s text', async () => {
    const env = await createTestEnv({ dbPath: join(dir, 'guard.db') });
    envs.push(env);
    const topic = await createTopic(env);
    const email = uniqueEmail('guard');
    const text = `Mail me about ${topic}`;
    await env.api('POST', '/v1/contacts', {
      email,
      subscriptions: { [topic]: 'subscribed' },
      consent: { source: 'website', text },
    });
    const c = env.deps.db.$client;
    await expect(
      c.execute({
        sql: "UPDATE consent_wordings SET wording = 'something else' WHERE hash = ?",
        args: [sha256Hex(text)],
      }),
    ).rejects.toThrow(/consent_wordings is append-only/);
    await expect(
      c.execute({ sql: 'DELETE FROM consent_wordings WHERE hash = ?', args: [sha256Hex(text)] }),
    ).rejects.toThrow(/a trail entry refers to this wording/);
    await expect(
      c.execute({
        sql: "UPDATE consent_events SET wording = 'something else' WHERE wording_hash = ?",
        args: [sha256Hex(text)],
      }),
    ).rejects.toThrow(/consent_events is append-only/);
    // A row whose hash already names another text keeps its own; it cannot be dropped later.
    await c.execute({
      sql: `INSERT INTO consent_events (contact_id, topic_key, action, source, occurred_at, wording, wording_hash)
            SELECT id, ?, 'subscribe', 'test', 1, 'not what the hash names', ? FROM contacts WHERE email = ?`,
      args: [topic, sha256Hex(text), email],
    });
    const own = "select wording from consent_events where wording = 'not what the hash names'";
    expect(await rows(env, own)).toEqual([{ wording: 'not what the hash names' }]);
    await expect(
      c.execute("UPDATE consent_events SET wording = NULL WHERE wording = 'not what the hash names'"),
    ).rejects.toThrow(/consent_events is append-only/);
    expect(await rows(env, `select wording from consent_wordings where hash = '${sha256Hex(text)}'`)).toEqual(
      [{ wording: text }],
    );
  });
});
