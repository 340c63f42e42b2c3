// Refuses to start on a lost database. secrets.json is only ever written after the database
// file beside it exists (buildNodeDeps opens the database first), so a folder that has
// secrets.json but no database file had one: it was deleted, moved or not restored. Starting
// anyway would create an empty database, and every link already sent would stop working.
import { existsSync } from 'node:fs';
import { ConfigError } from '../config';
import { localSecretsFile } from './local-secrets';

export function refuseLostDatabase(databasePath: string, dataDir: string): void {
  const secrets = localSecretsFile(dataDir);
  if (existsSync(databasePath) || !existsSync(secrets)) return;
  throw new ConfigError(
    [
      `The database ${databasePath} is missing, but ${secrets} is there: the database was lost or moved.`,
      'mailprefs does not start on a new, empty database here, because every link already sent would stop working.',
      'Do one of these:',
      `  - restore ${databasePath} from a backup (with its -wal file, if the backup has one);`,
      '  - or set DATABASE_URL to where the database is now (file:/path/to/mailprefs.db), and keep',
      '    secrets.json in the same folder as the database;',
      `  - or, to start afresh on purpose, move ${secrets} away first (links already sent will not work).`,
    ].join('\n'),
  );
}
