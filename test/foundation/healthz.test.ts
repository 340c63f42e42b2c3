// /healthz answers 503 whenever the database cannot serve real work, not only when it cannot
// be reached: `select 1` reads no page of the file, so it said "ok" while every query failed.
import { closeSync, openSync, writeSync } from 'node:fs';
import { createClient } from '@libsql/client';
// The public client refuses `?mode=ro` in a file URL; this is the same client opened
// read-only, which holds even for root (the tests run as root, so file modes would not).
import { _createClient as createSqliteClient } from '@libsql/client/sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { openDb } from '../../src/db/client';
import { createContact, createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';

const CORE_TABLES = ['topics', 'contacts', 'subscriptions', 'suppressions', 'consent_events', 'api_keys'];

async function health(app: { request(path: string): Response | Promise<Response> }) {
  const res = await app.request('/healthz');
  return { status: res.status, body: await res.json() };
}

describe('damaged data pages under a running app', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    const topic = await createTopic(env);
    for (let i = 0; i < 40; i++) await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
  });
  afterAll(() => env.close());

  it('answers 503, because the tables cannot be read, while select 1 still works', async () => {
    expect(await health(env.app)).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });

    // Every page of the core tables and their indexes, overwritten in the file itself the way
    // a failing disk returns garbage. The schema page and the other tables stay intact.
    const client = env.deps.db.$client;
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    const list = CORE_TABLES.map((t) => `'${t}'`).join(', ');
    const pages = await client.execute(
      `select d.pageno from dbstat d join sqlite_schema s on s.name = d.name where s.tbl_name in (${list})`,
    );
    const pageSize = Number((await client.execute('PRAGMA page_size')).rows[0][0]);
    expect(pages.rows.length).toBeGreaterThan(CORE_TABLES.length);
    const fd = openSync(env.dbPath, 'r+');
    try {
      for (const row of pages.rows) {
        writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (Number(row.pageno) - 1) * pageSize);
      }
    } finally {
      closeSync(fd);
    }
    // The app's connections keep the pages they have read in memory until another connection
    // commits; a small write elsewhere (as a second process would make) makes them read the
    // file again, as a restarted or busier process would.
    const other = createClient({ url: `file:${env.dbPath}` });
    await other.execute(`insert into rate_limits (key, window_start, count) values ('health-test', 0, 1)`);
    other.close();

    expect((await client.execute('select 1')).rows).toHaveLength(1);
    const lookUp = await env.api('GET', `/v1/contacts/${encodeURIComponent(uniqueEmail())}`);
    expect(lookUp.status).toBe(503);
    expect(await health(env.app)).toEqual({
      status: 503,
      body: { status: 'unavailable', database: 'unreachable' },
    });
  });
});

describe('a database file that takes no writes', () => {
  let env: TestEnv;
  let readOnly: ReturnType<typeof createApp>;
  let close: () => void;
  beforeAll(async () => {
    env = await createTestEnv();
    await createTopic(env, { key: 'news' });
    const client = createSqliteClient({
      scheme: 'file',
      path: `file:${env.dbPath}?mode=ro`,
      tls: false,
      authority: undefined,
      authToken: undefined,
      encryptionKey: undefined,
      remoteEncryptionKey: undefined,
      syncUrl: undefined,
      syncInterval: undefined,
      readYourWrites: undefined,
      offline: undefined,
      intMode: 'number',
      fetch: undefined,
      concurrency: 1,
      timeout: 5000,
    });
    close = () => client.close();
    readOnly = createApp({ ...env.deps, db: openDb(client) });
  });
  afterAll(() => {
    close();
    env.close();
  });

  it('answers a write with 503 (SQLITE_READONLY is an outage, not a bug), and /healthz says so too', async () => {
    // Reads alone cannot tell: the tables read fine.
    expect(await health(readOnly)).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });

    const write = await readOnly.request('/v1/contacts', {
      method: 'POST',
      headers: { authorization: `Bearer ${env.config.adminApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: uniqueEmail() }),
    });
    expect(write.status).toBe(503);
    expect(write.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await write.json()).toMatchObject({ error: { code: 'service_unavailable' } });

    expect(await health(readOnly)).toEqual({
      status: 503,
      body: { status: 'unavailable', database: 'failing' },
    });
    // Remembered for 30 seconds; after that the read decides again, until the next failure.
    env.clock.advance(31_000);
    expect((await health(readOnly)).status).toBe(200);
  });
});
