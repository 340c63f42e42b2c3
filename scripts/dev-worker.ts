// `npm run dev:worker`: the Worker on this machine, as it runs on Cloudflare but offline. A
// local libSQL HTTP server (scripts/hrana-server.ts) stands in for Turso, on a file in ./data;
// the script migrates that file, then runs `wrangler dev` (local mode: no Cloudflare account,
// no login) with the settings in .dev.vars, which it copies from .dev.vars.example on the
// first run. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openNodeDatabase } from '../src/db/node';
import { startHranaServer } from './hrana-server';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DEV_VARS = join(root, '.dev.vars');
export const DEV_VARS_EXAMPLE = join(root, '.dev.vars.example');
const DATABASE_FILE = join(root, 'data', 'worker-dev.db');

/** Reads a .dev.vars file (dotenv: KEY=value lines, # comments, optional quotes). */
export function parseDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/);
    if (!match) continue;
    const [, name, raw] = match;
    vars[name] = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return vars;
}

/** The port the local database server must listen on: DATABASE_URL has to point at this machine. */
export function localDatabasePort(vars: Record<string, string>): number {
  const url = URL.canParse(vars.DATABASE_URL ?? '') ? new URL(vars.DATABASE_URL) : undefined;
  if (url?.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(url.hostname) || !url.port) {
    throw new Error(
      'DATABASE_URL in .dev.vars must be the local database server, like http://127.0.0.1:8081 ' +
        '(dev:worker starts it); see .dev.vars.example',
    );
  }
  return Number(url.port);
}

/** The port `wrangler dev` listens on: PUBLIC_URL's, so the links the Worker makes open. */
export function workerPort(vars: Record<string, string>): number {
  const url = URL.canParse(vars.PUBLIC_URL ?? '') ? new URL(vars.PUBLIC_URL) : undefined;
  return url?.port ? Number(url.port) : 8788;
}

async function main() {
  if (!existsSync(DEV_VARS)) {
    copyFileSync(DEV_VARS_EXAMPLE, DEV_VARS);
    console.log('Created .dev.vars from .dev.vars.example (local settings; not committed).');
  }
  const vars = parseDevVars(readFileSync(DEV_VARS, 'utf8'));
  const port = localDatabasePort(vars);

  // Migrated as a file, before it is served: the Worker itself cannot run migrations.
  const database = await openNodeDatabase(`file:${DATABASE_FILE}`);
  await database.migrate();
  database.close();
  const server = await startHranaServer({ dbPath: DATABASE_FILE, port, authToken: vars.DATABASE_AUTH_TOKEN });
  console.log(`Local libSQL server on ${server.url}, database ${DATABASE_FILE}`);

  const wrangler = spawn(
    'npx',
    ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(workerPort(vars)), '--test-scheduled'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  const stop = () => wrangler.kill('SIGINT');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  wrangler.once('exit', async (code) => {
    await server.close();
    process.exit(code ?? 0);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
