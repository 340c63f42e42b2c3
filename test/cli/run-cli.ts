// Runs the command line as a user does: a child process of `node --import tsx src/cli/main.ts`
// (or bin/mailprefs.js), with its own environment, collecting output and exit code.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  env: Record<string, string>,
  opts: { cwd?: string; bin?: boolean; timeoutMs?: number; input?: string } = {},
): Promise<CliResult> {
  // tsx resolved from this package, so the command also runs from another working directory.
  const entry = opts.bin
    ? [`${root}bin/mailprefs.js`]
    : ['--import', import.meta.resolve('tsx'), `${root}src/cli/main.ts`];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: opts.cwd ?? root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (opts.input !== undefined) child.stdin!.end(opts.input);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mailprefs ${args.join(' ')} timed out:\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
