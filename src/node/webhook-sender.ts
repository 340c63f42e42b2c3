// Sends webhook requests from Node with node:http(s). The target's address is checked inside
// the connection's own DNS lookup, so the address checked is the address connected to: a name
// that resolved to a public address at registration and to 127.0.0.1 now (DNS rebinding) is
// refused here. Redirects are not followed (node:http never does), the whole exchange has one
// deadline, and the response body is read only to free the connection, never kept.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { HttpAnswer, HttpPost, HttpSender } from '../delivery/http-sender';
import {
  checkResolvedAddresses,
  checkTargetUrl,
  isBlockedAddress,
  TargetRefused,
  type TargetRules,
} from '../net/address-rules';

const REFUSED = 'MAILPREFS_ADDRESS_REFUSED';
/** A receiver's answer body is read only this far (to reuse the connection), then dropped. */
const MAX_DRAIN_BYTES = 64 * 1024;

/** A `lookup` for sockets that refuses names resolving to an address the rules forbid. */
export function guardedLookup(rules: TargetRules): LookupFunction {
  return ((hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err);
      const list = addresses as unknown as LookupAddress[];
      try {
        checkResolvedAddresses(
          list.map((a) => a.address),
          rules,
        );
      } catch (refusal) {
        return callback(Object.assign(new Error((refusal as Error).message), { code: REFUSED }));
      }
      if (options.all) callback(null, list);
      else callback(null, list[0].address, list[0].family);
    });
  }) as LookupFunction;
}

function describe(err: unknown): string {
  const code = (err as { code?: string })?.code;
  switch (code) {
    case REFUSED:
      return 'address not allowed';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      if (code && /CERT|SSL|TLS/.test(code)) return `TLS error (${code})`;
      return code ? `connection failed (${code})` : 'connection failed';
  }
}

export function createNodeWebhookSender(rules: TargetRules): HttpSender {
  const lookup = guardedLookup(rules);
  // Keep-alive agents: many deliveries to one receiver reuse their connections.
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 32, lookup } as http.AgentOptions),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 32, lookup } as https.AgentOptions),
  };
  return {
    post(request: HttpPost): Promise<HttpAnswer> {
      let url: URL;
      try {
        url = checkTargetUrl(request.url, rules);
      } catch (err) {
        if (err instanceof TargetRefused)
          return Promise.resolve({ kind: 'failed', error: 'address not allowed' });
        throw err;
      }
      return new Promise((resolve) => {
        let settled = false;
        let drained = false;
        const finish = (answer: HttpAnswer) => {
          if (settled) return;
          settled = true;
          resolve(answer);
        };
        const client = url.protocol === 'https:' ? https : http;
        const req = client.request(url, {
          method: 'POST',
          agent: agents[url.protocol as 'http:' | 'https:'],
          lookup,
          headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
        });
        // One deadline for the answer and for draining its body; a connection still busy after
        // it is closed rather than kept.
        const timer = setTimeout(() => {
          finish({ kind: 'failed', error: 'timeout' });
          if (!drained) req.destroy();
        }, request.timeoutMs);
        req.on('socket', (socket) => {
          // An IP literal is never looked up; checkTargetUrl refused the forbidden ones, and this
          // catches anything else that reached a forbidden address. A kept-alive socket was
          // checked when it first connected.
          if (rules.allowPrivate || !socket.connecting) return;
          socket.once('connect', () => {
            if (socket.remoteAddress && isBlockedAddress(socket.remoteAddress)) {
              req.destroy(Object.assign(new Error('address not allowed'), { code: REFUSED }));
            }
          });
        });
        req.on('response', (res) => {
          const retryAfter = res.headers['retry-after'];
          finish({ kind: 'response', status: res.statusCode ?? 0, retryAfter: retryAfter ?? undefined });
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_DRAIN_BYTES) req.destroy();
          });
          res.on('end', () => {
            drained = true;
            clearTimeout(timer);
          });
          res.on('error', () => clearTimeout(timer));
        });
        req.on('error', (err) => {
          clearTimeout(timer);
          finish({ kind: 'failed', error: describe(err) });
        });
        req.end(request.body);
      });
    },
  };
}
