// Schema rules drizzle-kit cannot express, read back from sqlite_master of a freshly migrated
// database: a generated migration that rebuilds one of these tables and drops the rule fails here.
// New rules of this kind go in a `drizzle-kit generate --custom` migration and get a line here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrationsToFile } from '../../src/db/migrate';
import { openNodeDatabase } from '../../src/db/node';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-schema-'));
let database: Awaited<ReturnType<typeof openNodeDatabase>>;
beforeAll(async () => {
  const url = `file:${join(dir, 'fresh.db')}`;
  await applyMigrationsToFile(url);
  database = await openNodeDatabase(url);
});
afterAll(() => {
  database?.close();
  rmSync(dir, { recursive: true, force: true });
});

const client = () => database.db.$client;

async function tableSql(name: string): Promise<string> {
  const res = await client().execute({
    sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
    args: [name],
  });
  expect(res.rows, `table ${name}`).toHaveLength(1);
  return String(res.rows[0].sql);
}

describe('schema invariants', () => {
  // Presend reads both by their primary key; without a rowid the key is the row's place in the file.
  it.each(['contacts', 'subscriptions'])('%s is a WITHOUT ROWID table', async (table) => {
    expect(await tableSql(table)).toMatch(/WITHOUT ROWID\s*$/);
  });

  // Presend's suppression filter and the import catch up with `id > N`: ids must only grow.
  it('suppressions has an AUTOINCREMENT id', async () => {
    expect(await tableSql('suppressions')).toMatch(/`id` integer PRIMARY KEY AUTOINCREMENT/);
  });

  // Evidence is never changed; DELETE stays allowed (erasure, lifting a mistaken suppression).
  it.each([
    ['consent_events', 'consent_events_no_update'],
    ['suppressions', 'suppressions_no_update'],
    ['audit_events', 'audit_events_no_update'],
    ['consent_wordings', 'consent_wordings_no_update'],
  ])('%s is append-only: a trigger refuses UPDATE', async (table, trigger) => {
    const res = await client().execute({
      sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
      args: [table],
    });
    expect(res.rows.map((r) => r.name)).toContain(trigger);
    const sql = String(res.rows.find((r) => r.name === trigger)?.sql);
    expect(sql).toMatch(
      new RegExp(`BEFORE UPDATE ON \`${table}\`[\\s\\S]*RAISE\\(ABORT, '${table} is append-only'\\)`),
    );
  });

  // The dashboard's running totals (migration 0011): small tables read by their keys, kept by
  // triggers on every write path, so a rebuilt subscriptions or consent_events that lost its
  // triggers would leave the dashboard counting nothing.
  it.each(['topic_status_counts', 'consent_day_counts', 'presend_day_counts', 'suppression_counts'])(
    '%s is a WITHOUT ROWID table',
    async (table) => {
      expect(await tableSql(table)).toMatch(/WITHOUT ROWID\s*$/);
    },
  );

  it.each([
    ['subscriptions', 'subscriptions_count_insert'],
    ['subscriptions', 'subscriptions_count_update'],
    ['subscriptions', 'subscriptions_count_delete'],
    ['consent_events', 'consent_events_count'],
    ['suppressions', 'suppressions_count_insert'],
    ['suppressions', 'suppressions_count_delete'],
  ])('%s keeps the dashboard totals: trigger %s', async (table, trigger) => {
    const res = await client().execute({
      sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
      args: [table],
    });
    expect(res.rows.map((r) => r.name)).toContain(trigger);
  });

  // Each wording is kept once (migration 0014): a rebuilt consent_events that lost this trigger
  // would store the text on every row again, and readers would still show it, so only this fails.
  it('consent_events moves each new wording to consent_wordings: trigger consent_events_wording_once', async () => {
    const res = await client().execute(
      "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'consent_events'",
    );
    expect(res.rows.map((r) => r.name)).toContain('consent_events_wording_once');
  });

  it('suppressions refuses an UPDATE with the append-only message', async () => {
    await client().execute(
      "INSERT INTO suppressions (email_hash, reason, source, created_at) VALUES ('hash-a', 'bounced', 'x', 1)",
    );
    await expect(
      client().execute("UPDATE suppressions SET reason = 'erased' WHERE email_hash = 'hash-a'"),
    ).rejects.toThrow(/append-only/);
  });
});
