// `npm run db:migrate`: applies drizzle/ to the database in DATABASE_URL (a remote Turso
// database for the Worker, or any libSQL URL). The Node server migrates its own database at
// start, so this is only needed for databases the Worker uses.
import { parseConfig } from '../src/config';
import { applyMigrations } from '../src/db/migrate';
import { openNodeDatabase } from '../src/db/node';

const config = parseConfig(process.env);
if (!config.databaseUrl) {
  console.error('DATABASE_URL is not set: name the database to migrate (and DATABASE_AUTH_TOKEN for Turso).');
  process.exit(1);
}
const { db, close } = await openNodeDatabase(config.databaseUrl, config.databaseAuthToken);
try {
  await applyMigrations(db);
  console.log('migrations applied');
} finally {
  close();
}
