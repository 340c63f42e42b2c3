// Many API writes at once on the embedded database: each waits its turn for the file's write
// lock instead of failing with 503 because another request in the same process holds it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/node/serve';
import { ADMIN_KEY, createTestEnv, startTestServer, type TestEnv, uniqueEmail } from '../support/harness';

let env: TestEnv;
let server: RunningServer;
beforeAll(async () => {
  env = await createTestEnv();
  server = await startTestServer(env);
});
afterAll(async () => {
  await server.close();
  env.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('concurrent writes in one server', () => {
  it('twenty contacts handed to the app in the same turn are all created', async () => {
    const emails = Array.from({ length: 20 }, () => uniqueEmail('turn'));
    const answers = await Promise.all(
      emails.map((email) => env.api('POST', '/v1/contacts', { email, customer_since: '2024-01-01' })),
    );
    expect(answers.map((r) => r.status)).toEqual(emails.map(() => 201));
  });

  it('twenty contacts posted at once over HTTP are all created', async () => {
    const emails = Array.from({ length: 20 }, () => uniqueEmail('burst'));
    const answers = await Promise.all(
      emails.map((email) => post('/v1/contacts', { email, customer_since: '2024-01-01' })),
    );
    expect(answers.map((r) => r.status)).toEqual(emails.map(() => 201));
    for (const email of emails) {
      const res = await fetch(`${server.url}/v1/contacts/${encodeURIComponent(email)}`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      expect(res.status).toBe(200);
    }
  });
});
