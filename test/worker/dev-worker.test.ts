// `npm run dev:worker` runs the Worker locally with the settings of .dev.vars.example: they
// must give a Worker that serves (not the 503 of a misconfigured one), pointed at the local
// database server the script starts, on the port of its own PUBLIC_URL.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEV_VARS_EXAMPLE, localDatabasePort, parseDevVars, workerPort } from '../../scripts/dev-worker';
import { buildWorker } from '../../src/worker';

const example = parseDevVars(readFileSync(DEV_VARS_EXAMPLE, 'utf8'));

describe('running the Worker locally', () => {
  it('.dev.vars.example configures a Worker that serves, on the local database server', async () => {
    const worker = buildWorker(example);
    expect('problems' in worker ? worker.problems : []).toEqual([]);
    expect(localDatabasePort(example)).toBe(8081);
    expect(workerPort(example)).toBe(Number(new URL(example.PUBLIC_URL).port));
    expect(example.DATABASE_AUTH_TOKEN).not.toBe('');
  });

  it('reads .dev.vars as wrangler does: comments, blank lines, quotes', () => {
    expect(parseDevVars('# a comment\n\nA=1\nB = "two words"\n  C=\'x=y\'\r\nnot a line\n')).toEqual({
      A: '1',
      B: 'two words',
      C: 'x=y',
    });
  });

  it('says what to change when DATABASE_URL is not the local server', () => {
    expect(() => localDatabasePort({ DATABASE_URL: 'libsql://db-org.turso.io' })).toThrow(
      /DATABASE_URL in \.dev\.vars must be the local database server/,
    );
  });
});
