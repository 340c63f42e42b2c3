// The body-size limit over real HTTP, with and without a Content-Length: a body that declares
// its size is judged by it, one sent in chunks is counted as it arrives. Both answer 413 in
// the error envelope.
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

/** POSTs `parts` one write each; with `length`, as one body with its Content-Length. */
function post(path: string, parts: string[], length: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = parts.join('');
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path,
        agent: false,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${ADMIN_KEY}`,
          ...(length ? { 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    if (length) req.end(body);
    else {
      for (const part of parts) req.write(part);
      req.end();
    }
  });
}

const big = JSON.stringify({ email: 'big@example.nl', note: 'x'.repeat(2000) });
const halves = [big.slice(0, 1000), big.slice(1000)];

describe('the body-size limit', () => {
  it('refuses a body whose Content-Length is over the limit with 413', async () => {
    const res = await post('/v1/contacts', [big], true);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('refuses a chunked body that grows over the limit with 413', async () => {
    const res = await post('/v1/contacts', halves, false);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('reads a chunked body under the limit', async () => {
    const small = JSON.stringify({ email: 'chunked@example.nl' });
    const res = await post('/v1/contacts', [small.slice(0, 10), small.slice(10)], false);
    expect(res.status).toBeLessThan(300);
  });
});
