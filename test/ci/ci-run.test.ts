// `.ci/run` on a machine where another install may hold the apt lock: every apt-get call
// waits for it (DPkg::Lock::Timeout) instead of failing. Run for real, with apt-get, sudo and
// npm replaced by stand-ins on PATH that only record how they were called.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const bin = mkdtempSync(join(tmpdir(), 'mailprefs-ci-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function standIn(name: string, body: string) {
  writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}

describe('.ci/run', () => {
  it('waits for the apt lock on every apt-get call, update included', async () => {
    const calls = join(bin, 'apt-get.calls');
    standIn('apt-get', `echo "$*" >> '${calls}'`);
    standIn('sudo', 'exec "$@"');
    standIn('npm', 'exit 0');
    await run('bash', [join(root, '.ci/run')], { env: { PATH: `${bin}:${process.env.PATH}` } });
    const lines = readFileSync(calls, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(' ').find((w) => !w.startsWith('-') && !w.includes('=')))).toEqual([
      'update',
      'install',
    ]);
    for (const line of lines) expect(line).toMatch(/(^| )-o DPkg::Lock::Timeout=600( |$)/);
  });
});
