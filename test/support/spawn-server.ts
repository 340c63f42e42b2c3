// Starts the real Node entry (`tsx src/server.ts`) as a child process on a free port, the
// way `npm start` does, and waits until /healthz answers from that child. A free port is only
// free when it is chosen: in a full run other test files start servers and stand-ins at the
// same time, and one of them may take it before the child (a few seconds of tsx start-up) gets
// to listen. So an answer on the port counts only once the child holds the port itself, and a
// child that finds its chosen port taken is started again on another.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface SpawnedServer {
  url: string;
  /** The server's process id (the bench reads its peak RSS from /proc). */
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function spawnEntry(env: Record<string, string>, port: number): ChildProcess {
  const { CWD, ...rest } = env;
  // tsx, its tsconfig (the JSX settings) and the entry by absolute path, so the server also
  // starts in another working directory.
  return spawn(process.execPath, ['--import', import.meta.resolve('tsx'), `${root}src/server.ts`], {
    cwd: CWD ?? root,
    env: {
      PATH: process.env.PATH ?? '',
      TSX_TSCONFIG_PATH: `${root}tsconfig.json`,
      HOST: '127.0.0.1',
      ...rest,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface FailedStart {
  /** null when the server started after all (and was stopped). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the server where it is expected to refuse to start, and collects what it said. */
export async function spawnFailingServer(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<FailedStart> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawnEntry(env, port);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  // 'close' rather than 'exit': it comes after the last output has been read.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const code = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(r, 100))]);
    if (code !== undefined) return { code, stdout, stderr };
    // With a time limit: the port may belong to something else, that never answers.
    const healthy =
      (await fetch(`http://127.0.0.1:${port}/healthz`, {
        signal: AbortSignal.timeout(1000),
      }).then(
        (r) => r.ok,
        () => false,
      )) && (await holdsPort(child.pid!, port));
    if (healthy || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      return { code: null, stdout, stderr: `${stderr}\n(${healthy ? 'it started' : 'timed out'})` };
    }
  }
}

export interface SpawnOptions {
  timeoutMs?: number;
  /** Where a port comes from when env.PORT is unset (freePort; tests of this file pass their own). */
  choosePort?: () => Promise<number>;
  /** Settings that name the chosen port (PUBLIC_URL), made again for each port tried. */
  portEnv?: (port: number) => Record<string, string>;
}

/** Starts on a port chosen afresh as many times, when the chosen one was taken before the child listened. */
const PORT_TRIES = 5;

export async function spawnServer(
  env: Record<string, string>,
  opts: number | SpawnOptions = {},
): Promise<SpawnedServer> {
  const {
    timeoutMs = 30_000,
    choosePort = freePort,
    portEnv = () => ({}),
  } = typeof opts === 'number' ? { timeoutMs: opts } : opts;
  for (let tries = 1; ; tries++) {
    const port = env.PORT ? Number(env.PORT) : await choosePort();
    const started = await startOn({ ...env, ...portEnv(port) }, port, timeoutMs);
    if ('url' in started) return started;
    // Taken between choosing and listening: another port, unless the caller named this one.
    if (env.PORT || tries >= PORT_TRIES || !/already in use/.test(started.output))
      throw new Error(`server exited with ${started.exitCode}:\n${started.output}`);
  }
}

async function startOn(
  env: Record<string, string>,
  port: number,
  timeoutMs: number,
): Promise<SpawnedServer | { exitCode: number | null; output: string }> {
  const child = spawnEntry(env, port);
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await exited;
      return { exitCode: child.exitCode, output };
    }
    try {
      if ((await fetch(`${url}/healthz`)).ok && (await holdsPort(child.pid!, port))) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Whether process `pid` has a socket listening on `port`: the socket's inode in /proc/net/tcp
 * (and tcp6) against the process's open files. Where there is no /proc (macOS), it cannot tell
 * and says yes, as the check did before.
 */
export async function holdsPort(pid: number, port: number): Promise<boolean> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  let readable = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => null);
    if (text === null) continue;
    readable = true;
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A') inodes.add(cols[9]);
    }
  }
  if (!readable) return true;
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  for (const fd of fds) {
    const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    if (inode && inodes.has(inode)) return true;
  }
  return false;
}
