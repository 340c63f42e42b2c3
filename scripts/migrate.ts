// `npm run db:migrate`: applies drizzle/ to the database in DATABASE_URL (a remote Turso
// database for the Worker, or any libSQL URL). The Node server migrates its own database at
// start, so this is only needed for databases the Worker uses.
import { ConfigError, parseConfig } from '../src/config';
import { openStartupDatabase } from '../src/node/deps';

async function main() {
  const config = parseConfig(process.env);
  if (!config.databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL is not set: name the database to migrate (and DATABASE_AUTH_TOKEN for Turso).',
    );
  }
  (await openStartupDatabase(config.databaseUrl, config.databaseAuthToken)).close();
  console.log('migrations applied');
}

// A wrong setting in words; anything else (a bug) with its stack.
main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
