// `npm run bench [name…]`: runs every bench/*.bench.ts (or the named ones) one after another,
// each in its own Node process so one bench's memory and caches do not colour the next.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();
if (benches.length === 0) {
  console.error(`no bench matches ${wanted.join(', ')}`);
  process.exit(2);
}
let failed = false;
for (const file of benches) {
  console.log(`== ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
