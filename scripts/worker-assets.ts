// Lays out the Worker's static assets (wrangler.toml [assets], run as its [build] command):
// - the API reference's browser bundle, copied from the installed @scalar/api-reference under a
//   versioned path, so Cloudflare serves it and the Worker script stays small;
// - /openapi.json, generated here by the Node app from the same route definitions, for a
//   stand-in public URL that the Worker replaces with its PUBLIC_URL
//   (src/routes/system/openapi-prebuilt.ts), so the script does not carry the generator.
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createApp } from '../src/app';
import { parseConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { buildNodeDeps } from '../src/node/deps';
import { OPENAPI_ASSET_PATH, TEMPLATE_PUBLIC_URL } from '../src/routes/system/openapi-prebuilt';

const out = process.argv[2] ?? '.worker-assets';
const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
const root = dirname(dirname(entry));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Laid out in a scratch folder next to `out`, which then takes its place: the Worker test files
// build in parallel, and one serves these assets while another lays them out again.
const document = await generatedDocument();
const next = `${out}.next-${process.pid}`;
rmSync(next, { recursive: true, force: true });
const dir = join(next, 'docs', 'scalar', version);
mkdirSync(dir, { recursive: true });
copyFileSync(join(root, 'dist', 'browser', 'standalone.js'), join(dir, 'standalone.js'));
// The path names the version, so the bundle may be cached for good.
writeFileSync(
  join(next, '_headers'),
  '/docs/scalar/*\n  Cache-Control: public, max-age=31536000, immutable\n',
);
writeFileSync(join(next, OPENAPI_ASSET_PATH), document);
rmSync(out, { recursive: true, force: true });
try {
  renameSync(next, out);
} catch (err) {
  // Another build put the same assets in place between the two lines above: keep those.
  if (!['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  rmSync(next, { recursive: true, force: true });
}
console.log(`worker assets: ${join(out, 'docs', 'scalar', version, 'standalone.js')}`);
console.log(`worker assets: ${join(out, OPENAPI_ASSET_PATH)}`);

/** What Node answers at /openapi.json for the stand-in URL, from an app on a scratch database. */
async function generatedDocument(): Promise<string> {
  const scratch = mkdtempSync(join(tmpdir(), 'mailprefs-openapi-'));
  try {
    // The document depends on the routes and PUBLIC_URL only; the rest is what Node needs to start.
    const config = parseConfig({
      DATABASE_URL: `file:${join(scratch, 'scratch.db')}`,
      PUBLIC_URL: TEMPLATE_PUBLIC_URL,
      RETENTION_INTERVAL_MINUTES: '0',
    });
    const { deps, close } = await buildNodeDeps(config, { logger: createLogger('error') });
    try {
      const res = await createApp(deps).request(OPENAPI_ASSET_PATH);
      if (!res.ok) throw new Error(`${OPENAPI_ASSET_PATH} answered ${res.status}`);
      return await res.text();
    } finally {
      close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
