// Load through autocannon, the kept HTTP load tool, with the few figures the benches compare.
// Every figure is a ratio against a baseline loaded the same way in the same run, since the
// shared machine moves absolute rates by 20–40% from hour to hour.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadResult {
  /** Answered requests per second over the run. */
  rps: number;
  p50: number;
  p99: number;
  /** The slowest thousandth and the slowest call, for looking at a tail. */
  p999: number;
  max: number;
  /** Requests answered with another status than 2xx, plus connection errors and timeouts. */
  failed: number;
  total: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds, for a timed run. */
  duration?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** The i-th request's path and body, whichever connection sends it (request i of the run). */
  vary?(i: number): { path?: string; body?: string };
  /** Stop after this many requests instead of after `duration`. */
  amount?: number;
  /** Called with each answer's status and the number of the request it answers. */
  onResponse?(status: number, i: number): void;
  /** Given a way to end the run early (the kill -9 wave: a dead server never answers the rest). */
  control?(stop: () => void): void;
}

export async function load(opts: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const vary = opts.vary;
  type Context = { i?: number };
  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? 10 }),
    // autocannon copies keys over its defaults, an undefined one included.
    method: opts.method ?? 'GET',
    headers: opts.headers ?? {},
    ...(opts.body === undefined ? {} : { body: opts.body }),
    timeout: 10,
    requests: vary
      ? [
          {
            method: opts.method ?? 'GET',
            headers: opts.headers ?? {},
            ...(opts.body === undefined ? {} : { body: opts.body }),
            // Each connection calls this for each request it sends (its first one included),
            // and `onResponse` gets the same context back with that request's answer.
            setupRequest: (req, context) => {
              const i = next++;
              (context as Context).i = i;
              return { ...req, ...vary(i) };
            },
            onResponse: (status, _body, context) => opts.onResponse?.(status, (context as Context).i ?? -1),
          },
        ]
      : undefined,
  });
  opts.control?.(() => (instance as unknown as { stop(): void }).stop());
  const started = performance.now();
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  const total = result.requests.total;
  return {
    // Over the whole run: autocannon's per-second average is coarse for runs of a few seconds.
    rps: total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    p999: result.latency.p99_9,
    max: result.latency.max,
    failed: result.non2xx + result.errors + result.timeouts,
    total,
  };
}

/** `name=value` on a line of its own: run.ts collects these and prints the headline figures last. */
export function figure(name: string, value: number | string): void {
  console.log(`${name}=${value}`);
}

/** The 1, 5 and 15 minute load averages, as /proc/loadavg gives them. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}
