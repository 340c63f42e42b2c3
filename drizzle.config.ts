import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema modules and applied by the libSQL migrator
// (src/db/migrate.ts at start-up, `npm run db:migrate` for a remote database).
export default defineConfig({
  dialect: 'turso',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
});
