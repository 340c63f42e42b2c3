// Starts the real Node entry (`tsx src/server.ts`) as a child process on a free port, the
// way `npm start` does, and waits until /healthz answers.
import { type ChildProcess, spawn } from 'node:child_process';
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
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`, {
      signal: AbortSignal.timeout(1000),
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      return { code: null, stdout, stderr: `${stderr}\n(${healthy ? 'it started' : 'timed out'})` };
    }
  }
}

export async function spawnServer(env: Record<string, string>, timeoutMs = 30_000): Promise<SpawnedServer> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawnEntry(env, port);
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
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
