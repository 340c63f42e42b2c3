// What the Node server says about a connection holds: a client that keeps connections alive
// (every HTTP library does) can send its next request after a refused oversized body.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/node/serve';
import { ADMIN_KEY, createTestEnv, startTestServer, type TestEnv } from '../support/harness';

let env: TestEnv;
let server: RunningServer;
beforeAll(async () => {
  env = await createTestEnv({ env: { BODY_LIMIT_BYTES: '1024' } });
  server = await startTestServer(env);
});
afterAll(async () => {
  await server.close();
  env.close();
});

interface Answer {
  status: number;
  connection: string | undefined;
  socket: unknown;
}

/** One request through `agent`; resolves when the whole answer has been read. */
function send(agent: http.Agent, method: string, path: string, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        agent,
        method,
        path,
        headers: body
          ? { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` }
          : undefined,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          answered = true;
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, socket: req.socket });
        });
      },
    );
    // Once the answer is in, a write of the unread body failing on the closed socket is expected.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    req.end(body);
  });
}

describe('a keep-alive client after a 413', () => {
  it('is told the connection closes, and its next request succeeds', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (const size of [2_000, 1_000_000]) {
        const refused = await send(agent, 'POST', '/v1/contacts', Buffer.alloc(size, 'a'));
        expect(refused.status).toBe(413);
        expect(refused.connection).toBe('close');
        // The agent's next request: on the same socket only if the server kept it open.
        await new Promise((r) => setTimeout(r, 50));
        const next = await send(agent, 'GET', '/healthz');
        expect(next.status).toBe(200);
        expect(next.socket).not.toBe(refused.socket);
      }
    } finally {
      agent.destroy();
    }
  });

  it('keeps the connection open after an answer that read the whole body', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const invalid = await send(agent, 'POST', '/v1/contacts', Buffer.from('{"email":"not an address"}'));
      expect(invalid.status).toBe(400);
      expect(invalid.connection).toBe('keep-alive');
      const next = await send(agent, 'GET', '/healthz');
      expect(next.status).toBe(200);
      expect(next.socket).toBe(invalid.socket);
    } finally {
      agent.destroy();
    }
  });
});
