// What the server and its webhook dispatcher's thread (threaded.ts, thread.ts) say to each other.
import type { Config } from '../../config';
import type { LogFields, LogLevel } from '../../logger';
import type { DispatcherOptions } from '../event-dispatcher';

export interface DispatcherThreadData {
  url: string;
  authToken?: string;
  encryptionKey?: string;
  webhooks: Config['webhooks'];
  /** The server's request gauge (request-gauge.ts), or none. */
  gauge?: SharedArrayBuffer;
  /** Who went first: the thread starting to dispatch, or the server stopping (`STARTED`). */
  state: SharedArrayBuffer;
  options: Omit<DispatcherOptions, 'yieldTo'>;
}

/** `state`: 0 while loading, then STARTED (by the thread) or STOPPING (by the server). */
export const STARTED = 1;
export const STOPPING = 2;

export type DispatcherRequest = { wake: true } | { forget: string } | { idle: number } | { stop: true };
export type DispatcherAnswer =
  | { ready: true }
  | { log: LogLevel; msg: string; fields?: LogFields }
  | { idle: number }
  | { stopped: true };
