// Fault injection for the database: wraps a libSQL client so a test can make every call fail
// or hang on demand while the app keeps running, to prove that callers fail closed.
import type { Client } from '@libsql/client';

export type FaultMode = 'ok' | 'fail' | 'hang';

export interface FaultyClient {
  client: Client;
  mode: FaultMode;
  /** Calls that were made while failing or hanging. */
  faults: number;
}

const QUERY_METHODS = new Set(['execute', 'batch', 'executeMultiple', 'transaction', 'migrate']);

export function faultyClient(inner: Client): FaultyClient {
  const state: FaultyClient = { client: inner, mode: 'ok', faults: 0 };
  state.client = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || !QUERY_METHODS.has(String(prop))) {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (...args: unknown[]) => {
        if (state.mode === 'ok') return value.apply(target, args);
        state.faults += 1;
        if (state.mode === 'fail')
          return Promise.reject(new Error('SQLITE_IOERR: disk I/O error (injected)'));
        return new Promise(() => {}); // hangs forever
      };
    },
  });
  return state;
}
