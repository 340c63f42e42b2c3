// Serves an app over HTTP on Node and returns its address and a way to stop it.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { RequestGauge } from './request-gauge';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function serveApp(
  // biome-ignore lint/suspicious/noExplicitAny: any app, whatever its env type
  app: Hono<any>,
  opts: { port: number; hostname?: string; gauge?: RequestGauge },
): Promise<RunningServer> {
  const gauge = opts.gauge;
  return new Promise((resolvePromise, reject) => {
    const server = serve(
      {
        fetch: (request, env) => {
          gauge?.enter();
          let res: Response | Promise<Response>;
          try {
            res = app.fetch(request, env);
          } catch (err) {
            gauge?.leave();
            throw err;
          }
          if (!(res instanceof Promise)) {
            gauge?.leave();
            return closeAfterTooLarge(res);
          }
          return res.then(
            (answer) => {
              gauge?.leave();
              return closeAfterTooLarge(answer);
            },
            (err) => {
              gauge?.leave();
              throw err;
            },
          );
        },
        port: opts.port,
        hostname: opts.hostname,
      },
      (info: AddressInfo) => {
        server.off('error', reject);
        const host = opts.hostname && opts.hostname !== '0.0.0.0' ? opts.hostname : 'localhost';
        resolvePromise({
          url: `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`,
          port: info.port,
          close: () => new Promise((done) => server.close(() => done())),
        });
      },
    );
    // A port in use or an address that is not ours: the caller says so, instead of an
    // uncaught 'error' event ending the process with a stack trace.
    server.once('error', reject);
  });
}

/**
 * A 413 leaves the rest of an oversized body unread on the socket. The adapter would discard
 * a little of it and then drop the connection anyway, so `keep-alive` would be a promise the
 * server breaks: the client's next request on that connection would fail. `Connection: close`
 * tells the client the truth; Node closes the socket after the answer, reading no more of
 * the body, and the client opens a new connection for its next request.
 */
function closeAfterTooLarge(res: Response): Response {
  if (res.status === 413) res.headers.set('Connection', 'close');
  return res;
}
