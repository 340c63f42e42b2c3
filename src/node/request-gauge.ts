// Counts the HTTP requests the server is answering, so that background work (the webhook
// dispatcher) can let a burst of them go first and then do its own work in larger batches.
// The count lives in shared memory, so a dispatcher in a thread of its own reads the same
// gauge (`sharedRequestGauge`) without a message per request.

export interface RequestGauge {
  /** Requests received whose answer has not been handed to the HTTP layer yet. */
  readonly inFlight: number;
  enter(): void;
  leave(): void;
  /** Calls back once, when no request is in flight; returns a way to cancel. */
  whenIdle(callback: () => void): () => void;
}

export interface SharedRequestGauge extends RequestGauge {
  /** The count's memory, to hand to another thread (`sharedRequestGauge`). */
  readonly shared: SharedArrayBuffer;
}

export function createRequestGauge(): SharedRequestGauge {
  const shared = new SharedArrayBuffer(4);
  const count = new Int32Array(shared);
  let waiting = new Set<() => void>();
  return {
    shared,
    get inFlight() {
      return Atomics.load(count, 0);
    },
    enter() {
      Atomics.add(count, 0, 1);
    },
    leave() {
      if (Atomics.load(count, 0) > 0) Atomics.sub(count, 0, 1);
      if (Atomics.load(count, 0) > 0) return;
      // Wakes a thread waiting in `sharedRequestGauge().whenIdle`; cheap when none is.
      Atomics.notify(count, 0);
      if (waiting.size === 0) return;
      const callbacks = waiting;
      waiting = new Set();
      for (const callback of callbacks) callback();
    },
    whenIdle(callback) {
      if (Atomics.load(count, 0) === 0) {
        callback();
        return () => {};
      }
      waiting.add(callback);
      return () => waiting.delete(callback);
    },
  };
}

// ES2024's Atomics.waitAsync (in Node since 16), which the project's TypeScript lib predates.
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

/**
 * The server's gauge seen from another thread: it reads the count and waits for it to reach
 * zero, and never counts requests itself.
 */
export function sharedRequestGauge(shared: SharedArrayBuffer): RequestGauge {
  const count = new Int32Array(shared);
  return {
    get inFlight() {
      return Atomics.load(count, 0);
    },
    enter() {},
    leave() {},
    whenIdle(callback) {
      let cancelled = false;
      const look = () => {
        if (cancelled) return;
        const now = Atomics.load(count, 0);
        if (now === 0) return callback();
        // Resolves when the server notifies (the count reached zero) or the value changed.
        const wait = waitAsync(count, 0, now);
        if (wait.async) void wait.value.then(look);
        else look();
      };
      look();
      return () => {
        cancelled = true;
      };
    },
  };
}
