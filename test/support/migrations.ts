// Older schemas for migration tests: a copy of drizzle/ whose journal stops at a given
// migration, to build a database as an earlier release left it.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsFolder } from '../../src/db/migrate';

/** Copies drizzle/ into `dir`, cut after migration `last`; returns the copy's folder. */
export function migrationsUpTo(dir: string, last: number): string {
  const folder = join(dir, `upto-${last}`);
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8'));
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= last);
  for (const e of journal.entries as Array<{ tag: string }>) {
    copyFileSync(join(migrationsFolder, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  }
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  return folder;
}
