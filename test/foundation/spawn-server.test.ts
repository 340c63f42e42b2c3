// The spawned Node server the process-level tests talk to is the one they started: a port that
// another test file's server (or stand-in) took between choosing it and the child's listen is
// never mistaken for it. That mix-up once answered a durable sign-up test's admin call with 401:
// the other server answered /healthz, and did not know this test's admin key.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort, spawnServer } from '../support/spawn-server';

const ADMIN = 'spawn-admin-key-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'mailprefs-spawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let decoy: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (decoy ? decoy.close(() => resolve()) : resolve()));
  decoy = undefined;
});

/** Another server on a port: healthy, and refusing every key it was not given. */
async function startDecoy(): Promise<number> {
  decoy = createServer((req, res) => {
    const ok = req.url === '/healthz';
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { status: 'ok', database: 'ok' } : { error: { code: 'unauthorized' } }));
  });
  await new Promise<void>((resolve) => decoy?.listen(0, '127.0.0.1', resolve));
  return (decoy.address() as AddressInfo).port;
}

describe('a spawned test server', () => {
  it('is not taken for whatever else answers on its port: a taken PORT it was told to use fails its start', async () => {
    const port = await startDecoy();
    await expect(
      spawnServer({
        DATABASE_URL: `file:${join(dir, 'told', 'mailprefs.db')}`,
        ADMIN_API_KEY: ADMIN,
        PORT: String(port),
      }),
    ).rejects.toThrow(/already in use/);
  }, 60_000);

  it('moves to another port when the one it chose was taken meanwhile, and answers with its own key', async () => {
    const taken = await startDecoy();
    const chosen: number[] = [];
    const server = await spawnServer(
      { DATABASE_URL: `file:${join(dir, 'chose', 'mailprefs.db')}`, ADMIN_API_KEY: ADMIN },
      {
        // The first port chosen is the one another server took meanwhile.
        choosePort: async () => {
          const port = chosen.length ? await freePort() : taken;
          chosen.push(port);
          return port;
        },
      },
    );
    try {
      expect(chosen).toHaveLength(2);
      expect(server.url).toBe(`http://127.0.0.1:${chosen[1]}`);
      const res = await fetch(`${server.url}/v1/topics`, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(res.status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
