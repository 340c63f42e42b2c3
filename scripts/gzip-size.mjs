// Prints the size of the bundled Worker, raw and gzipped (Cloudflare's limits are on gzip).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
for (const name of readdirSync(dir)) {
  const file = join(dir, name);
  if (!statSync(file).isFile() || !/\.(m?js)$/.test(name)) continue;
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: 9 });
  console.log(`${file}: ${(raw.length / 1024).toFixed(1)} KiB, gzip ${(gz.length / 1024).toFixed(1)} KiB`);
}
