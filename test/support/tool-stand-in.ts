// The HTTP plumbing the mailing-tool stand-ins share: a real server on 127.0.0.1 that records
// every call (method, path, query, headers, parsed body), checks the tool's auth, can be told
// to fail the next calls (429 with or without Retry-After, 5xx, 401), and counts the calls in
// flight at once so a concurrency limit (Mailchimp's 10) can be enforced and asserted on.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ToolCall {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
  raw: string;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Failure extends Answer {
  times?: number;
}

export interface StandIn {
  /** The server's root, e.g. http://127.0.0.1:40123 */
  url: string;
  calls: ToolCall[];
  /** Calls that reached the tool's routes (not failed by `failNext`, not refused by auth). */
  handled: ToolCall[];
  /** The most calls that were in flight at once. */
  maxInFlight(): number;
  failNext(failure: Failure): void;
  /** Every answer waits this long (to hold calls in flight). */
  delay(ms: number): void;
  close(): Promise<void>;
}

export interface StandInOptions {
  /** null when the call may go on; otherwise the answer to a missing or wrong key. */
  authorize(call: ToolCall): Answer | null;
  route(call: ToolCall): Answer;
  /** More calls in flight than this are answered with `overLimit`. */
  concurrencyLimit?: number;
  overLimit?: Answer;
}

function parseBody(raw: string, type: string | undefined): unknown {
  if (!raw) return undefined;
  if (type?.startsWith('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export async function startStandIn(opts: StandInOptions): Promise<StandIn> {
  const calls: ToolCall[] = [];
  const handled: ToolCall[] = [];
  const failures: Failure[] = [];
  let inFlight = 0;
  let most = 0;
  let delayMs = 0;
  const server = createServer((req, res) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const call: ToolCall = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: parseBody(raw, req.headers['content-type']),
        raw,
      };
      calls.push(call);
      const over = opts.concurrencyLimit !== undefined && inFlight > opts.concurrencyLimit;
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      let answer: Answer;
      const failure = failures[0];
      if (failure) {
        failure.times = (failure.times ?? 1) - 1;
        if (failure.times <= 0) failures.shift();
        answer = failure;
      } else if (over) {
        answer = opts.overLimit ?? { status: 429 };
      } else {
        const refused = opts.authorize(call);
        if (refused) {
          answer = refused;
        } else {
          handled.push(call);
          answer = opts.route(call);
        }
      }
      const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...answer.headers,
      });
      res.end(body);
      inFlight -= 1;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    handled,
    maxInFlight: () => most,
    failNext: (failure) => void failures.push({ ...failure }),
    delay: (ms) => {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The user and password of an HTTP basic Authorization header, or null. */
export function basicCredentials(headers: IncomingHttpHeaders): { user: string; password: string } | null {
  const header = headers.authorization;
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Matches `path` against a pattern like `/lists/:list/members/:hash`. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const a = path.split('/');
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = a[i];
    else if (p[i] !== a[i]) return null;
  }
  return params;
}
