// The presend benches' seeded database: 1,000,000 contacts over 5 topics in bench/.data/
// (gitignored), made once and reused by later runs (see bench/README.md for its make-up).
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { parseConfig } from '../../src/config';
import { createSuppressionHasher } from '../../src/crypto/suppression-hasher';
import { buildNodeDeps } from '../../src/node/deps';

// 4: contacts carry customer dates (migration 0006), so legitimate-interest topics clear them.
export const SEED_VERSION = 4;
export const CONTACTS = 1_000_000;
export const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
export const HASH_KEY = 'bench-suppression-hash-key-0123456789abcdef';
export const hashOf = createSuppressionHasher(HASH_KEY).hash;
export const SIGNING_KEYS = 'k1:bench-signing-secret-0123456789abcdef';
export const TOPICS = [
  ['news', 'consent'],
  ['events', 'consent'],
  ['webinars', 'consent'],
  ['customers', 'legitimate_interest'],
  ['surveys', 'legitimate_interest'],
] as const;

const dataDir = fileURLToPath(new URL('../.data/', import.meta.url));
export const dbPath = `${dataDir}presend-v${SEED_VERSION}.db`;
export const dbUrl = `file:${dbPath}`;

/** A small deterministic PRNG (mulberry32), so every run asks the same questions. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seed() {
  if (existsSync(dbPath)) {
    const client = createClient({ url: dbUrl });
    try {
      const done = await client.execute("select 1 from sqlite_master where name = 'bench_seeded'");
      if (done.rows.length > 0) return;
    } finally {
      client.close();
    }
    rmSync(dbPath, { force: true });
  }
  const started = Date.now();
  console.log(`seeding ${CONTACTS.toLocaleString('en')} contacts into ${dbPath} (once; reused later)`);
  // Migrate through the app's own path, then bulk-load with set-based SQL.
  const { close } = await buildNodeDeps(
    parseConfig({ DATABASE_URL: dbUrl, SIGNING_KEYS, SUPPRESSION_HASH_KEY: HASH_KEY }),
    { dataDir },
  );
  close();
  const client = createClient({ url: dbUrl });
  const topicRows = TOPICS.map(
    ([key, basis]) => `('${key}', '{"en":"${key}","nl":"${key}"}', '${basis}', 0, 0)`,
  ).join(', ');
  await client.executeMultiple(`
    PRAGMA synchronous = OFF;
    PRAGMA cache_size = -200000;
    INSERT INTO topics (key, name, basis, created_at, updated_at) VALUES ${topicRows};
  `);
  // Contacts carry their keyed hash, which only JS computes: inserted in batches, each one JSON
  // array of '<hash: 43 characters><email>'; contact i gets the id 'c' || i.
  // Every contact is in a customer relationship, so that a legitimate-interest topic clears the
  // same share of contacts as before soft opt-in needed one: 85% current customers, 15% former
  // ones whose relationship ended 1 to 12 months before the seeding (inside the default
  // 24-month window for at least a year after it).
  const hash = createSuppressionHasher(HASH_KEY).hash;
  const tx = await client.transaction('write');
  for (let from = 0; from < CONTACTS; from += 50_000) {
    const batch: string[] = [];
    for (let i = from; i < Math.min(CONTACTS, from + 50_000); i++) {
      const email = `user${i}@example.nl`;
      batch.push(hash(email) + email);
    }
    await tx.execute({
      sql: `INSERT INTO contacts (id, email, email_hash, unsubscribed_all_at, created_at, updated_at, last_activity_at,
                                  customer_since, customer_until)
              SELECT 'c' || n, substr(value, 44), substr(value, 1, 43),
                     CASE WHEN n % 50 = 7 THEN 1 END, 0, 0, 0,
                     date('2015-01-01', printf('+%d days', n % 3000)),
                     CASE WHEN n % 20 >= 17 THEN date('now', printf('-%d months', 1 + n % 12)) END
              FROM (SELECT CAST(?2 AS INTEGER) + key AS n, value FROM json_each(?1))`,
      args: [JSON.stringify(batch), from],
    });
  }
  // Each contact has a row for two of the five topics: 70% subscribed, 15% unsubscribed,
  // 15% pending.
  await tx.execute(`
    INSERT INTO subscriptions (contact_id, topic_key, status, updated_at)
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${CONTACTS - 1}),
        t(j, key) AS (VALUES ${TOPICS.map(([key], j) => `(${j}, '${key}')`).join(', ')})
      SELECT 'c' || n.i, t.key,
        CASE WHEN (n.i * 31 + t.j * 7) % 20 < 14 THEN 'subscribed'
             WHEN (n.i * 31 + t.j * 7) % 20 < 17 THEN 'unsubscribed' ELSE 'pending' END,
        0
      FROM n JOIN t ON (n.i + t.j) % 5 < 2`);
  await tx.commit();
  // Suppressions: 2.5% of contacts bounced, 0.5% complained, and 20,000 erased addresses that
  // have no contact row any more (the list outlives erasure).
  const rows: string[] = [];
  for (let i = 0; i < CONTACTS; i++) {
    if (i % 40 === 1) rows.push(`('${hashOf(`user${i}@example.nl`)}', 'bounced', 'bench', 0)`);
    if (i % 200 === 3) rows.push(`('${hashOf(`user${i}@example.nl`)}', 'complained', 'bench', 0)`);
  }
  for (let k = 0; k < 20_000; k++) {
    rows.push(`('${hashOf(`erased${k}@example.nl`)}', 'erased', 'bench', 0)`);
  }
  const statements = ['BEGIN'];
  for (let i = 0; i < rows.length; i += 5000) {
    statements.push(
      `INSERT INTO suppressions (email_hash, reason, source, created_at) VALUES ${rows.slice(i, i + 5000).join(',')}`,
    );
  }
  statements.push('COMMIT', 'CREATE TABLE bench_seeded (v INTEGER)', 'PRAGMA wal_checkpoint(TRUNCATE)');
  await client.executeMultiple(`${statements.join(';\n')};`);
  await client.execute('ANALYZE');
  client.close();
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
