/**
 * Proves scripts/hrana-server.ts against the real `@libsql/client/web` (Hrana over HTTP)
 * and drizzle-orm on top of it, on a temp-file database.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient, LibsqlBatchError, LibsqlError } from '@libsql/client/web';
import { eq, sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { drizzle } from 'drizzle-orm/libsql/web';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseSql, type HranaServer, startHranaServer } from '../scripts/hrana-server.js';

const TOKEN = 'test-token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves to 'pending' if `p` has not settled within `ms`. */
async function settledWithin(p: Promise<unknown>, ms: number): Promise<'settled' | 'pending'> {
  return Promise.race([
    p.then(
      () => 'settled' as const,
      () => 'settled' as const,
    ),
    sleep(ms).then(() => 'pending' as const),
  ]);
}

/** Runs `fn`, expecting it to reject with a LibsqlError; returns that error. */
async function libsqlError(fn: () => Promise<unknown>): Promise<LibsqlError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LibsqlError);
    return e as LibsqlError;
  }
  throw new Error('expected a LibsqlError, but the call succeeded');
}

let dir: string;
let server: HranaServer;
let client: Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hrana-server-test-'));
  server = await startHranaServer({ dbPath: join(dir, 'test.db'), authToken: TOKEN });
  client = createClient({ url: server.url, authToken: TOKEN });
  await client.executeMultiple(`
    CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER);
    CREATE TABLE vals (n, i, f, t, b);
    CREATE TABLE iso (v TEXT);
  `);
});

afterAll(async () => {
  client?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('hrana test server with @libsql/client/web', () => {
  it('binds positional and named arguments in every form', async () => {
    await client.execute({ sql: 'INSERT INTO people (name, age) VALUES (?, ?)', args: ['pos', 30n] });
    await client.execute({
      sql: 'INSERT INTO people (name, age) VALUES (:name, :age)',
      args: { name: 'colon', age: 31n },
    });
    await client.execute({
      sql: 'INSERT INTO people (name, age) VALUES (@name, @age)',
      args: { name: 'at', age: 32n },
    });
    await client.execute({
      sql: 'INSERT INTO people (name, age) VALUES ($name, $age)',
      args: { name: 'dollar', age: 33n },
    });
    // Keys may also carry the prefix.
    await client.execute({
      sql: 'INSERT INTO people (name, age) VALUES (:name, :age)',
      args: { ':name': 'prefixed', ':age': 34n },
    });

    const rs = await client.execute({
      sql: 'SELECT name, age FROM people WHERE age >= $min ORDER BY age',
      args: { min: 30n },
    });
    expect(rs.rows.map((r) => [r.name, r.age])).toEqual([
      ['pos', 30],
      ['colon', 31],
      ['at', 32],
      ['dollar', 33],
      ['prefixed', 34],
    ]);
    // A named parameter used twice is one parameter; ?NNN picks by position.
    const twice = await client
      .execute({ sql: 'SELECT :x + :x AS s, ?2 AS second', args: { x: 2n } })
      .catch((e) => e);
    expect(twice).toBeInstanceOf(LibsqlError); // ?2 has no value when only named args are given
    const reordered = await client.execute({ sql: 'SELECT ?2 AS a, ?1 AS b', args: ['one', 'two'] });
    expect(reordered.rows[0]).toMatchObject({ a: 'two', b: 'one' });
    const same = await client.execute({ sql: 'SELECT :x + :x AS s', args: { x: 2n } });
    expect(same.rows[0].s).toBe(4);
  });

  it('rejects mismatched arguments and multi-statement SQL like sqld', async () => {
    expect((await libsqlError(() => client.execute({ sql: 'SELECT ?, ?', args: [1] }))).code).toBe(
      'ARGS_INVALID',
    );
    expect((await libsqlError(() => client.execute({ sql: 'SELECT ?', args: [1, 2] }))).code).toBe(
      'ARGS_INVALID',
    );
    expect((await libsqlError(() => client.execute({ sql: 'SELECT :a', args: { b: 1 } }))).code).toBe(
      'ARGS_INVALID',
    );
    expect((await libsqlError(() => client.execute('SELECT 1; SELECT 2'))).code).toBe('SQL_MANY_STATEMENTS');
    expect((await libsqlError(() => client.execute('  -- nothing here'))).code).toBe('SQL_NO_STATEMENT');
    expect((await libsqlError(() => client.execute('SELECT * FROM no_such_table'))).code).toBe(
      'SQLITE_UNKNOWN',
    );
    // A trailing semicolon and comments are fine.
    expect((await client.execute('SELECT 1 AS one; -- done')).rows[0].one).toBe(1);
  });

  it('round-trips null, integer, float, text and blob values', async () => {
    const bigClient = createClient({ url: server.url, authToken: TOKEN, intMode: 'bigint' });
    try {
      await client.execute({
        sql: 'INSERT INTO vals (n, i, f, t, b) VALUES (?, ?, ?, ?, ?)',
        args: [null, 42n, 1.5, 'héllo ✓', new Uint8Array([0, 1, 255])],
      });
      await client.execute({ sql: 'INSERT INTO vals (i, f) VALUES (?, ?)', args: [9007199254740993n, 1] });

      const rs = await client.execute(
        'SELECT n, i, f, t, b, typeof(n) AS tn, typeof(i) AS ti, typeof(f) AS tf, typeof(t) AS tt, typeof(b) AS tb FROM vals ORDER BY rowid LIMIT 1',
      );
      const row = rs.rows[0];
      expect(row.n).toBeNull();
      expect(row.i).toBe(42);
      expect(row.f).toBe(1.5);
      expect(row.t).toBe('héllo ✓');
      expect(row.b).toBeInstanceOf(ArrayBuffer);
      expect([...new Uint8Array(row.b as ArrayBuffer)]).toEqual([0, 1, 255]);
      expect([row.tn, row.ti, row.tf, row.tt, row.tb]).toEqual(['null', 'integer', 'real', 'text', 'blob']);

      // Integers beyond 2^53 survive as strings on the wire; a JS number is always sent as a float.
      const big = await bigClient.execute('SELECT i, f, typeof(f) AS tf, 1.0 AS one FROM vals WHERE i > 100');
      expect(big.rows[0].i).toBe(9007199254740993n);
      expect(big.rows[0].tf).toBe('real');
      expect(big.rows[0].one).toBe(1); // a REAL 1.0 comes back as a float, not a bigint
      expect(typeof big.rows[0].one).toBe('number');
      const typed = await client.execute('SELECT id, name, age, 1 AS x FROM people LIMIT 1');
      expect(typed.columns).toEqual(['id', 'name', 'age', 'x']);
      expect(typed.columnTypes).toEqual(['INTEGER', 'TEXT', 'INTEGER', '']);
    } finally {
      bigClient.close();
    }
  });

  it('reports affected rows and lastInsertRowid', async () => {
    const ins = await client.execute({
      sql: 'INSERT INTO people (name, age) VALUES (?, 1), (?, 1)',
      args: ['r1', 'r2'],
    });
    expect(ins.rowsAffected).toBe(2);
    const last = await client.execute({ sql: 'SELECT max(id) AS id FROM people' });
    expect(ins.lastInsertRowid).toBe(BigInt(last.rows[0].id as number));

    const upd = await client.execute("UPDATE people SET age = 2 WHERE name IN ('r1', 'r2')");
    expect(upd.rowsAffected).toBe(2);
    // In one stream, a SELECT after an UPDATE must not report the UPDATE's change count.
    const [u, s] = await client.batch(
      ["UPDATE people SET age = 3 WHERE name IN ('r1', 'r2')", 'SELECT count(*) AS n FROM people'],
      'write',
    );
    expect(u.rowsAffected).toBe(2);
    expect(s.rowsAffected).toBe(0);
    // A fresh stream has its own connection: no last_insert_rowid from elsewhere.
    expect((await client.execute('SELECT 1')).lastInsertRowid).toBe(0n);
  });

  it('surfaces constraint violations as LibsqlError SQLITE_CONSTRAINT', async () => {
    const err = await libsqlError(() =>
      client.execute({ sql: 'INSERT INTO people (name) VALUES (?)', args: ['pos'] }),
    );
    expect(err.code).toBe('SQLITE_CONSTRAINT');
    expect(err.message).toContain('UNIQUE constraint failed: people.name');
  });

  it('runs write batches atomically and rolls back a batch that fails mid-way', async () => {
    const ok = await client.batch(
      [
        { sql: 'INSERT INTO people (name) VALUES (?)', args: ['b1'] },
        { sql: 'INSERT INTO people (name) VALUES (?)', args: ['b2'] },
        "SELECT count(*) AS n FROM people WHERE name LIKE 'b_'",
      ],
      'write',
    );
    expect(ok.map((r) => r.rowsAffected)).toEqual([1, 1, 0]);
    expect(ok[2].rows[0].n).toBe(2);

    let caught: unknown;
    try {
      await client.batch(
        [
          { sql: 'INSERT INTO people (name) VALUES (?)', args: ['b3'] },
          { sql: 'INSERT INTO people (name) VALUES (?)', args: ['b1'] }, // duplicate
          { sql: 'INSERT INTO people (name) VALUES (?)', args: ['b4'] },
        ],
        'write',
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LibsqlBatchError);
    expect((caught as LibsqlBatchError).statementIndex).toBe(1);
    expect((caught as LibsqlBatchError).code).toBe('SQLITE_CONSTRAINT');
    const after = await client.execute("SELECT name FROM people WHERE name LIKE 'b_' ORDER BY name");
    expect(after.rows.map((r) => r.name)).toEqual(['b1', 'b2']);
  });

  it('runs executeMultiple', async () => {
    await client.executeMultiple(`
      CREATE TABLE multi (x INTEGER);
      INSERT INTO multi VALUES (1);
      INSERT INTO multi VALUES (2); -- a comment; with a semicolon
    `);
    expect((await client.execute('SELECT sum(x) AS s FROM multi')).rows[0].s).toBe(3);
  });

  it('commits an interactive transaction (more than 30 distinct statements)', async () => {
    const tx = await client.transaction('write');
    try {
      await tx.execute({ sql: 'INSERT INTO people (name) VALUES (?)', args: ['tx1'] });
      await tx.execute({ sql: 'UPDATE people SET age = 99 WHERE name = ?', args: ['tx1'] });
      expect(
        (await tx.execute({ sql: 'SELECT age FROM people WHERE name = ?', args: ['tx1'] })).rows[0].age,
      ).toBe(99);
      // The client caches 30 SQL texts per stream; more distinct ones exercise close_sql.
      for (let i = 0; i < 35; i++) {
        await tx.execute(`INSERT INTO people (name, age) VALUES ('tx-loop-${i}', ${i})`);
      }
      await tx.commit();
    } finally {
      tx.close();
    }
    const rs = await client.execute(
      "SELECT count(*) AS n FROM people WHERE name = 'tx1' OR name LIKE 'tx-loop-%'",
    );
    expect(rs.rows[0].n).toBe(36);
  });

  it('rolls back an interactive transaction, explicitly or by closing it', async () => {
    const tx = await client.transaction('write');
    await tx.execute({ sql: 'INSERT INTO people (name) VALUES (?)', args: ['rolled-back'] });
    await tx.rollback();
    tx.close();

    const tx2 = await client.transaction('write');
    await tx2.execute({ sql: 'INSERT INTO people (name) VALUES (?)', args: ['closed-without-commit'] });
    tx2.close();

    const rs = await client.execute(
      "SELECT count(*) AS n FROM people WHERE name IN ('rolled-back', 'closed-without-commit')",
    );
    expect(rs.rows[0].n).toBe(0);
  });

  it('isolates concurrent transactions and holds other streams until commit', async () => {
    const tx1 = await client.transaction('write');
    const tx2 = await client.transaction('write');
    try {
      await tx1.execute({ sql: 'INSERT INTO iso (v) VALUES (?)', args: ['a'] });
      // tx2 must wait while tx1 holds its transaction open.
      const tx2Insert = tx2.execute({ sql: 'INSERT INTO iso (v) VALUES (?)', args: ['b'] });
      expect(await settledWithin(tx2Insert, 150)).toBe('pending');
      expect((await tx1.execute('SELECT v FROM iso ORDER BY v')).rows.map((r) => r.v)).toEqual(['a']);
      await tx1.rollback();

      await tx2Insert;
      expect((await tx2.execute('SELECT v FROM iso ORDER BY v')).rows.map((r) => r.v)).toEqual(['b']);
      await tx2.commit();
    } finally {
      tx1.close();
      tx2.close();
    }

    // A plain read is held until the transaction commits, then sees the committed row.
    const tx3 = await client.transaction('write');
    try {
      await tx3.execute({ sql: 'INSERT INTO iso (v) VALUES (?)', args: ['c'] });
      const read = client.execute('SELECT v FROM iso ORDER BY v');
      expect(await settledWithin(read, 150)).toBe('pending');
      await tx3.commit();
      expect((await read).rows.map((r) => r.v)).toEqual(['b', 'c']);
    } finally {
      tx3.close();
    }
  });

  it('rejects a missing or wrong auth token', async () => {
    for (const authToken of ['wrong-token', undefined]) {
      const bad = createClient({ url: server.url, authToken });
      try {
        const err = await libsqlError(() => bad.execute('SELECT 1'));
        expect(err.code).toBe('UNAUTHORIZED');
      } finally {
        bad.close();
      }
    }
    const res = await fetch(`${server.url}/v2/pipeline`, { method: 'POST', body: '{"requests":[]}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('answers bad input with errors instead of crashing', async () => {
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const post = (body: string) =>
      fetch(`${server.url}/v2/pipeline`, { method: 'POST', headers: auth, body });

    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/v2`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${server.url}/v3-protobuf`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${server.url}/nope`, { headers: auth })).status).toBe(404);

    const notJson = await post('{not json');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ code: 'PROTOCOL_ERROR' });
    expect((await post('[1, 2]')).status).toBe(400);

    const expired = await post('{"baton":"no-such-baton","requests":[]}');
    expect(expired.status).toBe(400);
    expect(await expired.json()).toEqual({
      message: 'The stream has expired due to inactivity',
      code: 'STREAM_EXPIRED',
    });

    const stmt = (extra: object) => ({ type: 'execute', stmt: { sql: 'SELECT ?', ...extra } });
    const mixed = await post(
      JSON.stringify({
        requests: [
          { type: 'bogus' },
          42,
          stmt({ args: [{ type: 'integer', value: 'abc' }] }),
          stmt({ args: [{ type: 'integer', value: '99999999999999999999' }] }),
          stmt({ args: [{ type: 'mystery' }] }),
          stmt({ args: [true] }),
          stmt({ named_args: [{ name: 'x', value: { type: 'text', value: 'v' } }] }),
          { type: 'execute', stmt: { sql_id: 7 } },
          {
            type: 'batch',
            batch: { steps: [{ stmt: { sql: 'SELECT 1' }, condition: { type: 'ok', step: 0 } }] },
          },
          stmt({ args: [{ type: 'text', value: 'still alive' }] }),
          { type: 'close' },
          { type: 'execute', stmt: { sql: 'SELECT 1' } },
        ],
      }),
    );
    expect(mixed.status).toBe(200);
    const body = (await mixed.json()) as {
      baton: string | null;
      results: { type: string; error?: { code: string }; response?: { result: { rows: unknown[] } } }[];
    };
    expect(body.baton).toBeNull();
    expect(body.results.map((r) => (r.type === 'ok' ? 'ok' : r.error?.code))).toEqual([
      'PROTOCOL_ERROR',
      'PROTOCOL_ERROR',
      'ARGS_INVALID',
      'ARGS_INVALID',
      'ARGS_INVALID',
      'ARGS_INVALID',
      'ARGS_INVALID',
      'PROTOCOL_ERROR',
      'PROTOCOL_ERROR',
      'ok',
      'ok',
      'STREAM_CLOSED',
    ]);
    expect(body.results[9].response?.result.rows).toEqual([[{ type: 'text', value: 'still alive' }]]);

    // Batch conditions: skipped steps are null in both arrays.
    const batch = await post(
      JSON.stringify({
        requests: [
          {
            type: 'batch',
            batch: {
              steps: [
                { stmt: { sql: 'SELECT nope_fn()' } },
                { stmt: { sql: 'SELECT 1' }, condition: { type: 'ok', step: 0 } },
                { stmt: { sql: 'SELECT 2' }, condition: { type: 'error', step: 0 } },
                {
                  stmt: { sql: 'SELECT 3' },
                  condition: {
                    type: 'and',
                    conds: [{ type: 'not', cond: { type: 'ok', step: 1 } }, { type: 'is_autocommit' }],
                  },
                },
              ],
            },
          },
          { type: 'close' },
        ],
      }),
    );
    const batchBody = (await batch.json()) as {
      results: { response: { result: { step_results: unknown[]; step_errors: unknown[] } } }[];
    };
    const { step_results, step_errors } = batchBody.results[0].response.result;
    expect(step_results.map((r) => r !== null)).toEqual([false, false, true, true]);
    expect(step_errors.map((e) => e !== null)).toEqual([true, false, false, false]);

    // The server is still healthy.
    expect((await client.execute('SELECT 1 AS one')).rows[0].one).toBe(1);
    expect(server.requests).toBeGreaterThan(10);
  });

  it('splits statements like SQLite (triggers, strings, comments) and numbers parameters', () => {
    expect(analyseSql('SELECT \';\', "a;b", [c;d], `e;f` -- ;\n /* ; */ ; ').sql).toBe(
      'SELECT \';\', "a;b", [c;d], `e;f` -- ;\n /* ; */ ',
    );
    const trigger =
      'CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN INSERT INTO y VALUES (1); DELETE FROM z; END;';
    expect(analyseSql(trigger).sql).toBe(trigger.slice(0, -1));
    expect(() => analyseSql(`${trigger} SELECT 1`)).toThrow(/more than one statement/);
    expect(analyseSql("SELECT ?, :a, ?5, @b, :a, $c::d(e), ? , '?', a$b").paramNames).toEqual([
      null,
      ':a',
      null,
      null,
      '?5',
      '@b',
      '$c::d(e)',
      null,
    ]);
  });

  it('expires idle streams and rolls back their transaction', async () => {
    // Wide enough apart that a loaded machine cannot let the stream expire before the read is checked.
    const fast = await startHranaServer({ dbPath: join(dir, 'expiry.db'), streamIdleTimeoutMs: 1500 });
    const c = createClient({ url: fast.url });
    try {
      await c.execute('CREATE TABLE e (v TEXT)');
      const tx = await c.transaction('write');
      await tx.execute("INSERT INTO e VALUES ('abandoned')");
      // Not blocked forever: once the stream expires, the transaction is rolled back.
      const read = c.execute('SELECT count(*) AS n FROM e');
      expect(await settledWithin(read, 300)).toBe('pending');
      expect((await read).rows[0].n).toBe(0);
      const err = await libsqlError(() => tx.execute('SELECT 1'));
      expect(err.code).toBe('STREAM_EXPIRED');
      tx.close();
    } finally {
      c.close();
      await fast.close();
    }
  });
});

describe('drizzle-orm on the hrana test server', () => {
  const subscribers = sqliteTable('subscribers', {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull().unique(),
    optedIn: integer('opted_in', { mode: 'boolean' }).notNull().default(true),
  });

  it('applies a hand-written migration, then inserts, selects and runs transactions', async () => {
    const migrations = join(dir, 'drizzle');
    mkdirSync(join(migrations, 'meta'), { recursive: true });
    writeFileSync(
      join(migrations, 'meta', '_journal.json'),
      JSON.stringify({
        version: '7',
        dialect: 'sqlite',
        entries: [{ idx: 0, version: '6', when: 1_700_000_000_000, tag: '0000_init', breakpoints: true }],
      }),
    );
    writeFileSync(
      join(migrations, '0000_init.sql'),
      [
        'CREATE TABLE `subscribers` (\n\t`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,\n\t`email` text NOT NULL,\n\t`opted_in` integer DEFAULT true NOT NULL\n);\n',
        '\nCREATE UNIQUE INDEX `subscribers_email_unique` ON `subscribers` (`email`);',
        '\nCREATE TABLE `subscriber_events` (`email` text NOT NULL, `kind` text NOT NULL);',
        "\nCREATE TRIGGER `subscribers_audit` AFTER INSERT ON `subscribers` BEGIN\n\tINSERT INTO `subscriber_events` VALUES (NEW.email, 'created');\nEND;",
      ].join('\n--> statement-breakpoint'),
    );

    const db = drizzle({ client });
    await migrate(db, { migrationsFolder: migrations });
    await migrate(db, { migrationsFolder: migrations }); // idempotent
    const applied = await client.execute('SELECT count(*) AS n FROM __drizzle_migrations');
    expect(applied.rows[0].n).toBe(1);

    const inserted = await db.insert(subscribers).values({ email: 'a@example.com' }).returning();
    expect(inserted).toEqual([{ id: 1, email: 'a@example.com', optedIn: true }]);
    // The trigger's row does not count as affected by the INSERT.
    const run = await db.insert(subscribers).values({ email: 'b@example.com', optedIn: false });
    expect(run.rowsAffected).toBe(1);
    expect(run.lastInsertRowid).toBe(2n);

    await db.transaction(async (tx) => {
      await tx.update(subscribers).set({ optedIn: false }).where(eq(subscribers.email, 'a@example.com'));
      await tx.insert(subscribers).values({ email: 'c@example.com' });
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(subscribers).values({ email: 'd@example.com' });
        tx.rollback();
      }),
    ).rejects.toThrow(/Rollback/);

    const all = await db.select().from(subscribers).orderBy(subscribers.id);
    expect(all.map((s) => [s.email, s.optedIn])).toEqual([
      ['a@example.com', false],
      ['b@example.com', false],
      ['c@example.com', true],
    ]);
    const events = await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM subscriber_events`);
    expect(events.n).toBe(3);
  });
});
