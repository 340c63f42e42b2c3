// Fail-closed database work: when the database errors or answers later than a deadline, the
// caller gets AppError('service_unavailable') (503 with Retry-After) and nothing else. Used
// where a wrong or partial answer is worse than none, above all by presend, where an
// optimistic answer would mail someone who said no.
import { AppError } from './errors';

export interface FailClosedOptions {
  timeoutMs: number;
  /** Told about the underlying failure (for a log line); never about the data. */
  onFailure?(reason: 'error' | 'timeout', error?: unknown): void;
}

export async function failClosed<T>(work: () => Promise<T>, opts: FailClosedOptions): Promise<T> {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
  });
  let outcome: { value: T } | 'timeout';
  try {
    outcome = await Promise.race([work().then((value) => ({ value })), deadline]);
  } catch (err) {
    // Domain refusals (unknown topic, bad key...) are answers, not outages.
    if (err instanceof AppError) throw err;
    opts.onFailure?.('error', err);
    throw unavailable();
  } finally {
    clearTimeout(timer);
  }
  // The embedded libSQL driver runs queries synchronously, so a slow query blocks the timer
  // too and would "win" the race after the fact; measuring elapsed time catches that case.
  if (outcome === 'timeout' || Date.now() - started > opts.timeoutMs) {
    opts.onFailure?.('timeout');
    throw unavailable();
  }
  return outcome.value;
}

function unavailable(): AppError {
  return new AppError(
    'service_unavailable',
    'the database cannot answer right now; nothing was decided, retry later',
  );
}
