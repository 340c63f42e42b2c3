// The ToolClient: how a tool file reaches its vendor. One base URL, the tool's auth headers,
// JSON or form bodies, a deadline, no redirects, and a gate that caps the requests in flight
// per connector (Mailchimp refuses an 11th concurrent connection). A non-2xx answer the tool
// does not expect becomes a ToolHttpError, which the connector target maps onto the outbox's
// outcomes (429 and 5xx retry, 401/403 stop the connector).

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface ToolRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: Record<string, string>;
}

export interface ToolResponse {
  status: number;
  body: unknown;
  retryAfter?: string;
}

export interface ToolClient {
  send(request: ToolRequest): Promise<ToolResponse>;
}

/** The vendor answered with a status the tool does not handle (or did not answer: status 0). */
export class ToolHttpError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter?: string,
    message = status === 0 ? 'no answer' : `HTTP ${status}`,
  ) {
    super(message);
    this.name = 'ToolHttpError';
  }
}

/** Throws ToolHttpError unless the status is 2xx or one of `also`. */
export function expectStatus(res: ToolResponse, also: number[] = []): ToolResponse {
  if ((res.status >= 200 && res.status < 300) || also.includes(res.status)) return res;
  throw new ToolHttpError(res.status, res.retryAfter);
}

/** A counting semaphore: `run` waits while `max` tasks hold it. */
export interface Gate {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createGate(max: number): Gate {
  let active = 0;
  const waiting: Array<() => void> = [];
  return {
    async run(task) {
      if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
      active += 1;
      try {
        return await task();
      } finally {
        active -= 1;
        waiting.shift()?.();
      }
    },
  };
}

export function basicAuth(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

export interface ClientOptions {
  base: string;
  headers: Record<string, string>;
  fetch: Fetch;
  gate: Gate;
  timeoutMs: number;
  /** Headers that stand in for Retry-After with this vendor. */
  retryAfterHeaders?: string[];
}

export function createToolClient(opts: ClientOptions): ToolClient {
  const base = opts.base.replace(/\/+$/, '');
  return {
    send(request) {
      return opts.gate.run(async () => {
        const url = new URL(base + request.path);
        for (const [k, v] of Object.entries(request.query ?? {})) {
          if (v !== undefined) url.searchParams.set(k, String(v));
        }
        const headers: Record<string, string> = {
          accept: 'application/json',
          'user-agent': 'mailprefs-connectors/1',
          ...opts.headers,
        };
        let body: string | undefined;
        if (request.json !== undefined) {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(request.json);
        } else if (request.form) {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          body = new URLSearchParams(request.form).toString();
        }
        let res: Response;
        try {
          res = await opts.fetch(url.toString(), {
            method: request.method,
            headers,
            body,
            redirect: 'manual',
            signal: AbortSignal.timeout(opts.timeoutMs),
          });
        } catch (err) {
          const name = (err as Error)?.name;
          const timedOut = name === 'TimeoutError' || name === 'AbortError';
          throw new ToolHttpError(0, undefined, timedOut ? 'timeout' : 'connection failed');
        }
        const text = await res.text();
        let parsed: unknown = null;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          parsed = null;
        }
        const retryAfter = ['retry-after', ...(opts.retryAfterHeaders ?? [])]
          .map((name) => res.headers.get(name))
          .find((value) => value !== null);
        return { status: res.status, body: parsed, retryAfter: retryAfter ?? undefined };
      });
    },
  };
}
