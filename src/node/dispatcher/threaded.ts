// The Node server's webhook dispatcher in a thread of its own (thread.ts), for an embedded
// file. In a burst of one-clicks the in-process dispatcher's statements, its BEGIN and COMMIT
// (which wait for the opt-out writer's lock and for the disk) and its HTTP client ran on the
// main thread between requests; there they run beside it. The thread runs the same dispatcher
// (event-dispatcher.ts, dispatchRound, the outbox verbs), so leases, retries, signatures and
// the SSRF checks are the same; it reads the server's request gauge through shared memory for
// the "requests first" hold.
//
// A rotated secret takes effect at once there too: every round reads its endpoint's row, and
// the thread's opened secrets are keyed by the sealed value. A deletion here is passed on, so
// the thread drops that endpoint's opened secret as this process does. Should the thread
// stop, or never start, the dispatcher runs on this thread instead: nothing waits for it.
import { Worker } from 'node:worker_threads';
import type { AppDeps } from '../../deps';
import { type DispatcherOptions, type EventDispatcher, startEventDispatcher } from '../event-dispatcher';
import type { SharedRequestGauge } from '../request-gauge';
import {
  type DispatcherAnswer,
  type DispatcherRequest,
  type DispatcherThreadData,
  STOPPING,
} from './protocol';

export interface ThreadedDispatcherOptions extends Omit<DispatcherOptions, 'yieldTo'> {
  /** The database the thread opens (the server's own). */
  url: string;
  authToken?: string;
  encryptionKey?: string;
  yieldTo?: SharedRequestGauge;
}

export function startThreadedDispatcher(deps: AppDeps, opts: ThreadedDispatcherOptions): EventDispatcher {
  const { url, authToken, encryptionKey, yieldTo, ...options } = opts;
  let stopping = false;
  let fallback: EventDispatcher | undefined;
  const idleWaiters = new Map<number, () => void>();
  let nextIdle = 0;
  let stopped: (() => void) | undefined;
  const state = new SharedArrayBuffer(4);

  const worker = new Worker(new URL('./thread.mjs', import.meta.url), {
    workerData: {
      url,
      authToken,
      encryptionKey,
      webhooks: deps.config.webhooks,
      gauge: yieldTo?.shared,
      state,
      options,
    } satisfies DispatcherThreadData,
    // As the other threads: no inherited execArgv, the .mjs entry loads tsx itself.
    execArgv: [],
  });
  // The server's listener keeps the process up; a stopped server must not be kept by this.
  worker.unref();
  const tell = (request: DispatcherRequest) => {
    if (!fallback) worker.postMessage(request);
  };

  worker.on('message', (m: DispatcherAnswer) => {
    if ('log' in m) deps.logger[m.log](m.msg, m.fields);
    else if ('idle' in m) {
      idleWaiters.get(m.idle)?.();
      idleWaiters.delete(m.idle);
    } else if ('stopped' in m) stopped?.();
  });
  const takeOver = (why: string) => {
    if (fallback) return;
    if (!stopping) {
      deps.logger.warn('webhook dispatcher thread stopped; dispatching on the main thread', { error: why });
      fallback = startEventDispatcher(deps, { ...options, yieldTo });
    }
    for (const resolve of idleWaiters.values()) resolve();
    idleWaiters.clear();
    stopped?.();
  };
  worker.on('error', (error) => takeOver(error.message));
  worker.on('exit', (code) => takeOver(`exit code ${code}`));

  // Right after each commit that recorded events (the writer thread's included).
  const unlisten = deps.outbox.listen(() => tell({ wake: true }));
  // The thread keeps opened secrets of its own; a deletion in this process drops them there too.
  const unforget = deps.webhooks.secretBox?.onForget?.((context) => tell({ forget: context }));

  /** Once, however often it is called (the server's stop, a test's cleanup). */
  let stopAll: Promise<void> | undefined;
  async function stopThread() {
    stopping = true;
    unlisten();
    unforget?.();
    if (fallback) return fallback.stop();
    // Still loading: it will never claim anything, so nothing is waited for.
    if (Atomics.compareExchange(new Int32Array(state), 0, 0, STOPPING) === 0) {
      await worker.terminate();
      return;
    }
    // The thread lets attempts in flight record themselves (their leases cover anything cut
    // short), within the webhook timeout and a margin to close its connection.
    const done = new Promise<void>((resolve) => {
      stopped = resolve;
    });
    const deadline = new Promise((resolve) =>
      setTimeout(resolve, deps.config.webhooks.timeoutMs + 2000).unref?.(),
    );
    tell({ stop: true });
    await Promise.race([done, deadline]);
    await worker.terminate();
  }

  return {
    wake() {
      if (fallback) fallback.wake();
      else tell({ wake: true });
    },
    idle() {
      if (fallback) return fallback.idle();
      const id = nextIdle++;
      return new Promise<void>((resolve) => {
        idleWaiters.set(id, resolve);
        tell({ idle: id });
      });
    },
    stop() {
      stopAll ??= stopThread();
      return stopAll;
    },
  };
}
