// `npm run bench [name…]`: runs every bench/*.bench.ts (or the named ones) one after another,
// each in its own Node process so one bench's memory and caches do not colour the next, and
// prints the headline figures last, in one block, whichever benches printed them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HEADLINE = [
  'presend_single_vs_healthz_ratio',
  'presend_vs_raw_ratio',
  'oneclick_vs_hello_ratio',
  'import_rows_per_s',
  'worker_gzip_kib',
];

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
const figures = new Map<string, string>();
for (const file of benches) {
  console.log(`== ${file}`);
  // Output passes through as it comes; `name=value` lines are also kept for the summary.
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`], {
    stdio: ['inherit', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(run.stdout ?? '');
  for (const line of (run.stdout ?? '').split('\n')) {
    const m = /^([a-z0-9_]+)=(\S+)$/.exec(line.trim());
    if (m) figures.set(m[1], m[2]);
  }
  if (run.status !== 0) failed = true;
}
const headline = HEADLINE.filter((name) => figures.has(name));
if (headline.length > 0) {
  console.log('== figures');
  for (const name of headline) console.log(`${name}=${figures.get(name)}`);
}
process.exit(failed ? 1 : 0);
