// A webhook receiver for tests, on 127.0.0.1: it records every request (headers and the raw
// body) and answers what the test tells it to. Signatures are verified with the
// `standardwebhooks` library, as a real receiver would.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
  receivedAt: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Wait this long before answering (to hold a delivery in flight). */
  delayMs?: number;
}

export type Responder = (hook: ReceivedWebhook, index: number) => Answer | number;

export interface WebhookReceiver {
  /** e.g. http://127.0.0.1:40123/hook */
  url: string;
  received: ReceivedWebhook[];
  respondWith(responder: Responder | Answer | number): void;
  /** Waits until at least `count` requests arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(responder: Responder = () => 204): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let respond = responder;
  let waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      let json: ReceivedWebhook['json'];
      try {
        json = JSON.parse(body);
      } catch {
        json = { type: '(not json)', timestamp: '', data: {} };
      }
      const hook: ReceivedWebhook = {
        id: String(req.headers['webhook-id'] ?? ''),
        timestamp: String(req.headers['webhook-timestamp'] ?? ''),
        signature: String(req.headers['webhook-signature'] ?? ''),
        headers: req.headers,
        body,
        json,
        receivedAt: Date.now(),
      };
      const index = received.push(hook) - 1;
      for (const w of waiters) w();
      const answer = respond(hook, index);
      const { status, headers, delayMs } = typeof answer === 'number' ? { status: answer } : answer;
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(status, headers);
        res.end();
      };
      if (delayMs) setTimeout(send, delayMs);
      else send();
    });
  });
  // Keep-alive connections must not hold close() up.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    respondWith(r) {
      respond = typeof r === 'function' ? r : () => r;
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length >= count) {
            clearTimeout(timer);
            waiters = waiters.filter((w) => w !== check);
            resolve(received);
          }
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== check);
          reject(new Error(`expected ${count} webhook requests, got ${received.length}`));
        }, timeoutMs);
        waiters.push(check);
        check();
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Verifies a request the way a receiver does (signature and timestamp); returns the parsed body. */
export function verifyWebhook(secret: string, hook: ReceivedWebhook): unknown {
  return new Webhook(secret).verify(hook.body, {
    'webhook-id': hook.id,
    'webhook-timestamp': hook.timestamp,
    'webhook-signature': hook.signature,
  });
}

/**
 * Whether one of the request's signatures was made with `secret`, whatever the time: for tests
 * that move the service's clock a day ahead, where the library's 5-minute window would refuse.
 */
export function signedWith(secret: string, hook: ReceivedWebhook): boolean {
  const expected = new Webhook(secret).sign(hook.id, new Date(Number(hook.timestamp) * 1000), hook.body);
  return hook.signature.split(' ').includes(expected);
}
