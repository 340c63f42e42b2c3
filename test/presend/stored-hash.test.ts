// Presend rules known contacts out of the suppression list through the keyed hash stored on
// their row (its first characters, against the suppression filter), so every path that
// creates a contact must store the right one, and the lookups must stay B-tree searches (no
// table scan on a million contacts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportWriter } from '../../src/db/import-writer';
import { CATCH_UP_SQL, CONTACTS_SQL, SUPPRESSIONS_SQL } from '../../src/db/presend/statements';
import { contacts } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { readCsv } from '../../src/domain/csv';
import { importContacts } from '../../src/domain/import';
import { createTestEnv, createTopic, SUPPRESSION_KEY, type TestEnv, uniqueEmail } from '../support/harness';
import { emailHash } from '../support/hashes';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('the keyed hash on contact rows', () => {
  it('is written by every path that creates a contact', async () => {
    const topic = await createTopic(env, { basis: 'consent' });
    const made: string[] = [];
    const email = (tag: string) => {
      const e = uniqueEmail(tag);
      made.push(e);
      return e;
    };
    expect((await env.api('POST', '/v1/contacts', { email: email('upsert') })).status).toBe(201);
    expect((await env.api('POST', '/v1/links', { email: email('link'), topic })).status).toBe(200);
    const batch = await env.api('POST', '/v1/links/batch', {
      topic,
      recipients: [{ email: email('batch1') }, { email: email('batch2'), locale: 'nl' }],
    });
    expect(batch.status).toBe(200);
    const signUp = await env.app.request('/v1/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: email('signup'), topics: [topic] }),
    });
    expect(signUp.status).toBeLessThan(300);
    // The sign-up's contact is made after the answer, with its mail.
    await env.deferred.settled();
    const imported = [email('import1'), email('import2')];
    await importContacts(
      { ...domainContext(env.deps), writer: createImportWriter(env.deps.db) },
      readCsv([`email\n${imported.join('\n')}\n`]),
      {
        topic,
        source: 'test',
        basis: 'consent',
      },
    );

    const rows = await env.deps.db.select({ email: contacts.email, hash: contacts.emailHash }).from(contacts);
    const byEmail = new Map(rows.map((r) => [r.email, r.hash]));
    for (const e of made) expect([e, byEmail.get(e)]).toEqual([e, emailHash(SUPPRESSION_KEY, e)]);
    expect(rows.filter((r) => r.hash === '')).toEqual([]);
  });

  it('lets the planner answer every statement with key searches, never a scan', async () => {
    const plan = async (sql: string, args: Array<string | number>) =>
      (await env.deps.db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args })).rows
        .map((r) => String(r.detail))
        .join('\n');
    const contactsPlan = await plan(CONTACTS_SQL, ['[]', 'news']);
    expect(contactsPlan).toContain('SEARCH c USING PRIMARY KEY (email=?)');
    expect(contactsPlan).toContain('SEARCH s USING PRIMARY KEY (contact_id=? AND topic_key=?)');
    expect(contactsPlan).not.toMatch(/SCAN (c|s)\b/);
    const listPlan = await plan(SUPPRESSIONS_SQL, ['[]']);
    expect(listPlan).toMatch(/SEARCH x USING COVERING INDEX \S+ \(email_hash=\?\)/);
    expect(listPlan).not.toMatch(/SCAN x\b/);
    // The suppression filter's catch-up reads only entries after the id it has seen.
    const catchUpPlan = await plan(CATCH_UP_SQL, [0]);
    expect(catchUpPlan).toContain('SEARCH suppressions USING INTEGER PRIMARY KEY (rowid>?)');
    expect(catchUpPlan).not.toMatch(/SCAN suppressions\b/);
  });
});
