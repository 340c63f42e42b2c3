// A tiny HTTP forwarder in front of a remote database (the Hrana test server), whose mode a
// test switches while a real server process keeps using it: pass requests through, answer
// them with a 500, or never answer. Used to break the database under the running Node entry.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultProxy {
  url: string;
  mode: 'pass' | 'fail' | 'hang';
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const to = new URL(target);
  const proxy: FaultProxy = { url: '', mode: 'pass', close: async () => {} };
  const server = createServer((req, res) => {
    if (proxy.mode === 'hang') return; // keep the socket open, answer nothing
    if (proxy.mode === 'fail') {
      req.resume();
      res.writeHead(500, { 'content-type': 'text/plain' }).end('database unavailable (injected)');
      return;
    }
    const upstream = request(
      { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}
