// The Node entry as a user runs it: a real process, real HTTP, an embedded database file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../support/spawn-server';

// Each database in a folder of its own: secrets.json beside a missing database means a lost one.
const dir = mkdtempSync(join(tmpdir(), 'mailprefs-node-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each test starts real processes; on a loaded two-core machine that takes seconds.
describe('the Node server', { timeout: 90_000 }, () => {
  it('keeps topics and contacts across a restart, with ADMIN_API_KEY', async () => {
    const env = {
      DATABASE_URL: `file:${join(dir, 'a', 'mailprefs.db')}`,
      ADMIN_API_KEY: 'restart-admin-key-0123456789',
    };
    const auth = { authorization: `Bearer ${env.ADMIN_API_KEY}`, 'content-type': 'application/json' };
    let server = await spawnServer(env);
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const put = await fetch(`${server.url}/v1/topics/news`, {
        method: 'PUT',
        headers: auth,
        body: JSON.stringify({ name: { en: 'News', nl: 'Nieuws' }, basis: 'consent' }),
      });
      expect(put.status).toBe(201);
      const post = await fetch(`${server.url}/v1/contacts`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          email: 'Restart@Example.nl',
          subscriptions: { news: 'subscribed' },
          consent: { source: 'restart-test' },
        }),
      });
      expect(post.status).toBe(201);
      const anon = await fetch(`${server.url}/v1/topics`);
      expect(anon.status).toBe(401);
      expect(await anon.json()).toMatchObject({ error: { code: 'unauthorized' } });
    } finally {
      await server.stop();
    }

    server = await spawnServer(env);
    try {
      const res = await fetch(`${server.url}/v1/contacts/restart%40example.nl`, { headers: auth });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        email: 'restart@example.nl',
        subscriptions: { news: 'subscribed' },
      });
    } finally {
      await server.stop();
    }
  });

  it('creates an admin key on first start, shows it once, and it works', async () => {
    const env = { DATABASE_URL: `file:${join(dir, 'b', 'mailprefs.db')}` };
    let server = await spawnServer(env);
    let secret: string;
    try {
      secret = server.output().match(/mp_[A-Za-z0-9_-]{20,}/)?.[0] ?? '';
      expect(secret).not.toBe('');
      const res = await fetch(`${server.url}/v1/topics`, { headers: { authorization: `Bearer ${secret}` } });
      expect(res.status).toBe(200);
    } finally {
      await server.stop();
    }
    server = await spawnServer(env);
    try {
      expect(server.output()).not.toMatch(/mp_[A-Za-z0-9_-]{20,}/);
      const res = await fetch(`${server.url}/v1/topics`, { headers: { authorization: `Bearer ${secret}` } });
      expect(res.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('refuses to start on a wrong setting, naming the variable', async () => {
    await expect(
      spawnServer({ DATABASE_URL: `file:${join(dir, 'c', 'mailprefs.db')}`, PRESEND_TIMEOUT_MS: 'soon' }),
    ).rejects.toThrow(/PRESEND_TIMEOUT_MS/);
  });
});
