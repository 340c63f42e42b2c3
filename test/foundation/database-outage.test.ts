// When the database cannot be reached or read, every route answers 503 with Retry-After (the
// service is unavailable, retry later), not 500; a failure that is a bug in a query stays 500.
// Either way the log line names the driver's error without the query or its parameters.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HranaServer, startHranaServer } from '../../scripts/hrana-server';
import { openDb } from '../../src/db/client';
import { describeError, isDatabaseOutage } from '../../src/db/errors';
import { applyMigrations } from '../../src/db/migrate';
import { topics } from '../../src/db/schema';
import type { Logger } from '../../src/logger';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { ADMIN_KEY, createTestEnv, type TestEnv } from '../support/harness';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-outage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a remote database that fails under the running app', () => {
  let hrana: HranaServer;
  let proxy: FaultProxy;
  let env: TestEnv;
  const logged: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (msg, fields) => logged.push({ level: 'warn', msg, fields }),
    error: (msg, fields) => logged.push({ level: 'error', msg, fields }),
  };

  beforeAll(async () => {
    hrana = await startHranaServer({ dbPath: join(dir, 'remote.db') });
    proxy = await startFaultProxy(hrana.url);
    env = await createTestEnv({ env: { DATABASE_URL: proxy.url }, logger });
  });
  afterAll(async () => {
    env.close();
    await proxy.close();
    await hrana.close();
  });

  const lookUp = () => env.api('GET', '/v1/contacts/jan%40example.nl', undefined, { key: ADMIN_KEY });

  it('answers 503 with Retry-After while the server fails, recovers, and 503 once it is gone', async () => {
    expect((await lookUp()).status).toBe(404);

    proxy.mode = 'fail';
    const failing = await lookUp();
    expect(failing.status).toBe(503);
    expect(failing.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = await failing.text();
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'service_unavailable' } });
    expect(body).not.toMatch(/select|SERVER_ERROR/i);

    proxy.mode = 'pass';
    expect((await lookUp()).status).toBe(404);

    // And with nothing listening any more (connection refused).
    await proxy.close();
    const gone = await lookUp();
    expect(gone.status).toBe(503);
    expect(gone.headers.get('retry-after')).toMatch(/^\d+$/);

    // The log names the failure, never the query or its parameters (here: an address).
    const line = logged.find((l) => l.msg === 'database unavailable');
    expect(line?.fields?.error).toMatch(/SERVER_ERROR/);
    expect(JSON.stringify(logged)).not.toContain('jan@example.nl');
  });
});

describe('isDatabaseOutage', () => {
  it('tells an unreachable or unreadable database from a broken query', async () => {
    const db = openDb(createClient({ url: `file:${join(dir, 'local.db')}` }));
    await applyMigrations(db);
    const failureOf = (work: () => Promise<unknown>) =>
      work().then(
        () => undefined,
        (e: unknown) => e,
      );

    // A bug: a constraint the code broke, and SQL that does not parse.
    const row = {
      key: 'news',
      name: { en: 'News' },
      basis: 'consent' as const,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    await db.insert(topics).values(row);
    const duplicate = await failureOf(() => db.insert(topics).values(row));
    expect(duplicate).toBeInstanceOf(Error);
    expect(isDatabaseOutage(duplicate)).toBe(false);
    expect(describeError(duplicate)).toMatch(/SQLITE_CONSTRAINT/);
    expect(describeError(duplicate)).not.toContain('news');
    expect(isDatabaseOutage(await failureOf(() => db.$client.execute('SELEC 1')))).toBe(false);
    // Not from the database at all.
    expect(isDatabaseOutage(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);

    // A file that is not a database.
    writeFileSync(join(dir, 'not-a-db'), 'x'.repeat(8192));
    const broken = openDb(createClient({ url: `file:${join(dir, 'not-a-db')}` }));
    const unreadable = await failureOf(() => broken.select().from(topics));
    expect(isDatabaseOutage(unreadable)).toBe(true);
    expect(describeError(unreadable)).toMatch(/SQLITE_NOTADB/);
  });
});
