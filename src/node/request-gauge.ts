// Counts the HTTP requests the server is answering, so that background work (the webhook
// dispatcher) can let a burst of them go first and then do its own work in larger batches.

export interface RequestGauge {
  /** Requests received whose answer has not been handed to the HTTP layer yet. */
  readonly inFlight: number;
  enter(): void;
  leave(): void;
  /** Calls back once, when no request is in flight; returns a way to cancel. */
  whenIdle(callback: () => void): () => void;
}

export function createRequestGauge(): RequestGauge {
  let inFlight = 0;
  let waiting = new Set<() => void>();
  return {
    get inFlight() {
      return inFlight;
    },
    enter() {
      inFlight += 1;
    },
    leave() {
      inFlight = Math.max(0, inFlight - 1);
      if (inFlight > 0 || waiting.size === 0) return;
      const callbacks = waiting;
      waiting = new Set();
      for (const callback of callbacks) callback();
    },
    whenIdle(callback) {
      if (inFlight === 0) {
        callback();
        return () => {};
      }
      waiting.add(callback);
      return () => waiting.delete(callback);
    },
  };
}
