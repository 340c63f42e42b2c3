// What every command receives: where to write, and a way to open the service's dependencies
// (the embedded database by default, DATABASE_URL when set) only when a command needs them.
import { open } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config';
import type { AppDeps } from '../deps';
import { createLogger } from '../logger';
import { createOutboxTransport } from '../mail/console';
import { buildNodeDeps } from '../node/deps';

export interface CliIO {
  /** For a secret given on stdin (`users create --password-stdin`). */
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean; columns?: number };
  config: Config;
  /** Whether PUBLIC_URL or PORT was set, rather than config.publicUrl being the default. */
  publicUrlConfigured: boolean;
  /**
   * Builds the dependencies (and migrates the database) on first use. `bulkWrites` (for a
   * command that only imports) opens the database as one connection tuned for that.
   */
  deps(opts?: { bulkWrites?: boolean }): Promise<AppDeps>;
  /**
   * The suppression-hash key, for a command that starts a worker thread: the thread is an entry
   * point of its own and gets the key by message. Call after deps(), which resolves it.
   */
  suppressionHashKey(): Promise<string>;
}

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function createCliIO(
  config: Config,
  opts: { publicUrlConfigured: boolean },
): CliIO & { close(): void } {
  let built: Awaited<ReturnType<typeof buildNodeDeps>> | undefined;
  const stderr = process.stderr;
  const build = async (opts: { bulkWrites?: boolean } = {}) => {
    built ??= await buildNodeDeps(config, {
      bulkWrites: opts.bulkWrites,
      // stdout carries command output (exports go there), so logs and mail go to stderr.
      logger: createLogger(config.logLevel, (line) => stderr.write(`${line}\n`)),
      mailer: createOutboxTransport({ print: (text) => stderr.write(`${text}\n`) }),
    });
    return built;
  };
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr,
    config,
    publicUrlConfigured: opts.publicUrlConfigured,
    async deps(opts = {}) {
      return (await build(opts)).deps;
    },
    async suppressionHashKey() {
      return (await build()).suppressionHashKey;
    },
    close() {
      built?.close();
    },
  };
}

/** Writes and waits when the stream asks for it, so a large export never piles up in memory. */
export async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
}

/**
 * A file to write output to, opened now, so a path that cannot be written (no such folder, no
 * permission) is a clear usage error before any work is done, never a crash halfway.
 */
export async function openOutputFile(path: string): Promise<Writable> {
  try {
    return (await open(path, 'w')).createWriteStream();
  } catch (err) {
    throw new UsageError(`cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
