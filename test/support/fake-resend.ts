// A small local stand-in for Resend's HTTP API, for running the real `resend` SDK in tests.
// Speaks the documented POST /emails (Bearer key, Idempotency-Key, JSON body, answers { id })
// and records every request, so tests can check bodies and headers and that nothing else was
// called. It can be told to fail the next requests with an error status, the way Resend does,
// or to hold its answers until the test releases them. `delivered` lists the mails it would
// have delivered: a replayed idempotency key is answered, not delivered again. Every answer
// carries Resend's documented rate-limit headers (ratelimit-limit, -remaining, -reset), and a 429
// its retry-after in seconds, as Resend sends them; a test may set another retry-after (an HTTP
// date, a long wait) on the failures it asks for.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeResend {
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** Each message it accepted as new, with its id and idempotency key. */
  delivered: Array<{ id: string; idempotencyKey: string | undefined; to: unknown }>;
  /**
   * The next `times` requests answer with this status and Resend's error body; `retryAfter` is
   * their Retry-After header (a 429 has '1' unless told otherwise, the others none).
   */
  failNext(status: FailStatus, times?: number, opts?: { retryAfter?: string }): void;
  /** Records requests but answers none until the returned function is called. */
  hold(): () => void;
  close(): Promise<void>;
}

type FailStatus = 401 | 422 | 429 | 500 | 503;

const errorNames: Record<number, string> = {
  401: 'missing_api_key',
  403: 'invalid_api_key',
  404: 'not_found',
  422: 'validation_error',
  429: 'rate_limit_exceeded',
  500: 'internal_server_error',
  503: 'service_unavailable',
};
/** Resend's default limit: requests per one-second window, per team. */
const RATE_LIMIT = 5;

const errorMessages: Record<number, string> = {
  401: 'Missing API key in the authorization header',
  422: 'Invalid `to` field',
  429: 'Too many requests',
};

export async function startFakeResend(apiKey = 're_test_0123456789'): Promise<FakeResend> {
  const requests: RecordedRequest[] = [];
  const delivered: FakeResend['delivered'] = [];
  const failures: Array<{ status: number; retryAfter?: string }> = [];
  // Resend answers a repeated idempotency key with the first result instead of a second mail.
  const byIdempotencyKey = new Map<string, string>();
  let held: Promise<void> = Promise.resolve();

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', async () => {
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // keep the raw text; the checks below reject it
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      await held;
      const answer = (status: number, payload: unknown, retryAfter?: string) => {
        res.writeHead(status, {
          'content-type': 'application/json',
          'ratelimit-limit': String(RATE_LIMIT),
          'ratelimit-remaining': status === 429 ? '0' : String(RATE_LIMIT - 1),
          'ratelimit-reset': '1',
          ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }),
        });
        res.end(JSON.stringify(payload));
      };
      const fail = (status: number, message: string, retryAfter?: string) =>
        answer(
          status,
          { statusCode: status, name: errorNames[status] ?? 'application_error', message },
          retryAfter ?? (status === 429 ? '1' : undefined),
        );

      if (req.headers.authorization !== `Bearer ${apiKey}`) return fail(403, 'API key is invalid');
      const injected = failures.shift();
      if (injected)
        return fail(
          injected.status,
          errorMessages[injected.status] ?? 'Internal server error',
          injected.retryAfter,
        );
      if (req.method !== 'POST' || req.url !== '/emails')
        return fail(404, 'The requested endpoint does not exist');
      if (!String(req.headers['content-type']).startsWith('application/json') || typeof body !== 'object')
        return fail(422, 'Invalid body');
      const mail = body as Record<string, unknown>;
      for (const field of ['from', 'to', 'subject']) {
        if (!mail[field]) return fail(422, `Missing \`${field}\` field.`);
      }
      const key = req.headers['idempotency-key'];
      if (typeof key === 'string') {
        const earlier = byIdempotencyKey.get(key);
        if (earlier) return answer(200, { id: earlier });
      }
      const id = randomUUID();
      if (typeof key === 'string') byIdempotencyKey.set(key, id);
      delivered.push({ id, idempotencyKey: typeof key === 'string' ? key : undefined, to: mail.to });
      return answer(200, { id });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    delivered,
    failNext(status, times = 1, opts = {}) {
      for (let i = 0; i < times; i++) failures.push({ status, retryAfter: opts.retryAfter });
    },
    hold() {
      let release!: () => void;
      held = new Promise<void>((resolve) => {
        release = resolve;
      });
      return release;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
