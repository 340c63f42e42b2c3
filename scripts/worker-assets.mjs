// Lays out the Worker's static assets (wrangler.toml [assets], run as its [build] command):
// the API reference's browser bundle, copied from the installed @scalar/api-reference under a
// versioned path, so Cloudflare serves it and the Worker script stays small.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const out = process.argv[2] ?? '.worker-assets';
const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
const root = dirname(dirname(entry));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

rmSync(out, { recursive: true, force: true });
const dir = join(out, 'docs', 'scalar', version);
mkdirSync(dir, { recursive: true });
copyFileSync(join(root, 'dist', 'browser', 'standalone.js'), join(dir, 'standalone.js'));
// The path names the version, so the bundle may be cached for good.
writeFileSync(
  join(out, '_headers'),
  '/docs/scalar/*\n  Cache-Control: public, max-age=31536000, immutable\n',
);
console.log(`worker assets: ${dir}/standalone.js`);
