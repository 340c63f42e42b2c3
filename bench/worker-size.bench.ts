// The Worker bundle as Cloudflare would receive it: `wrangler deploy --dry-run` (minified, as
// wrangler.toml says) into a scratch folder, then its size gzipped (Cloudflare's limit and its
// startup time follow the gzipped size). Prints `worker_gzip_kib` and the largest packages in it
// (from the metafile).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { figure } from './support/load';

const out = mkdtempSync(join(tmpdir(), 'mailprefs-worker-size-'));
try {
  const build = spawnSync(
    'npx',
    ['wrangler', 'deploy', '--dry-run', '--outdir', out, '--metafile', join(out, 'meta.json')],
    { encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  if (build.status !== 0) throw new Error(`wrangler failed:\n${build.stderr}`);
  const raw = readFileSync(join(out, 'worker.js'));
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as {
    outputs: Record<string, { inputs?: Record<string, { bytesInOutput: number }> }>;
  };
  const inputs = Object.entries(meta.outputs).find(([name]) => name.endsWith('worker.js'))?.[1].inputs ?? {};
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg =
      path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? path.split('/').slice(0, 2).join('/');
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
  }
  const largest = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(
    `largest parts (minified KiB): ${largest.map(([p, n]) => `${p} ${(n / 1024).toFixed(0)}`).join(', ')}`,
  );
  figure('worker_raw_kib', (raw.length / 1024).toFixed(1));
  figure('worker_gzip_kib', (gzipSync(raw, { level: 9 }).length / 1024).toFixed(1));
} finally {
  rmSync(out, { recursive: true, force: true });
}
