// Serves an app over HTTP on Node and returns its address and a way to stop it.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: any app, whatever its env type
export function serveApp(app: Hono<any>, opts: { port: number; hostname?: string }): Promise<RunningServer> {
  return new Promise((resolvePromise) => {
    const server = serve(
      { fetch: app.fetch, port: opts.port, hostname: opts.hostname },
      (info: AddressInfo) => {
        const host = opts.hostname && opts.hostname !== '0.0.0.0' ? opts.hostname : 'localhost';
        resolvePromise({
          url: `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`,
          port: info.port,
          close: () => new Promise((done) => server.close(() => done())),
        });
      },
    );
  });
}
