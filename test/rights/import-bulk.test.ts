// The import's database: one connection with foreign keys off and relaxed syncing, which must
// stay confined to a process opened for bulk writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { silentLogger } from '../../src/logger';
import { buildNodeDeps } from '../../src/node/deps';

async function open(bulkWrites: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'mailprefs-bulk-'));
  const config = parseConfig({
    DATABASE_URL: `file:${join(dir, 'test.db')}`,
    SUPPRESSION_HASH_KEY: 'bulk-test-suppression-key-0123456789abcdef',
    SIGNING_KEYS: 'k1:bulk-test-signing-secret-0123456789abcdef',
  });
  const built = await buildNodeDeps(config, { logger: silentLogger, dataDir: dir, bulkWrites });
  return {
    deps: built.deps,
    close: () => {
      built.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function settings(bulkWrites: boolean) {
  const { deps, close } = await open(bulkWrites);
  try {
    // Read inside a write transaction: where the import's batches run.
    return await deps.db.transaction(async (tx) => ({
      foreignKeys: (await tx.values<[number]>(sql`pragma foreign_keys`))[0][0],
      synchronous: (await tx.values<[number]>(sql`pragma synchronous`))[0][0],
    }));
  } finally {
    close();
  }
}

describe('the bulk-import database', () => {
  it('runs transactions on its one connection without foreign-key lookups and with WAL-safe syncing', async () => {
    expect(await settings(true)).toEqual({ foreignKeys: 0, synchronous: 1 });
  });

  it('leaves the service’s own database with foreign keys on and full syncing', async () => {
    expect(await settings(false)).toEqual({ foreignKeys: 1, synchronous: 2 });
  });
});
