// The Worker's wiring (src/worker.ts) with a SUPPRESSION_HASH_KEY that is not its data's: run
// in Node through the Worker's own fetch handler, against a libSQL file behind the test Hrana
// server, as a Turso database would be reached. Routes that need the key answer 503 and the
// reason is logged once; unsubscribe links, which need no key, keep working.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type HranaServer, startHranaServer } from '../../scripts/hrana-server';
import worker from '../../src/worker';
import {
  ADMIN_KEY,
  createContact,
  createTestEnv,
  createTopic,
  SIGNING_KEYS,
  SUPPRESSION_KEY,
} from '../support/harness';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-worker-key-'));
let hrana: HranaServer;
let unsubscribePath: string;
let topic: string;

beforeAll(async () => {
  // Data made with SUPPRESSION_KEY: a topic, a contact and its unsubscribe link.
  const dbPath = join(dir, 'remote.db');
  const env = await createTestEnv({ dbPath });
  topic = await createTopic(env);
  const { email } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
  const links = await env.api('POST', '/v1/links', { email, topic });
  unsubscribePath = new URL(((await links.json()) as { unsubscribe_url: string }).unsubscribe_url).pathname;
  env.close();
  hrana = await startHranaServer({ dbPath });
});
afterAll(async () => {
  await hrana?.close();
  rmSync(dir, { recursive: true, force: true });
});

function workerEnv(suppressionHashKey: string) {
  return {
    DATABASE_URL: hrana.url,
    ADMIN_API_KEY: ADMIN_KEY,
    SIGNING_KEYS,
    SUPPRESSION_HASH_KEY: suppressionHashKey,
    PUBLIC_URL: 'https://prefs.example.com',
    LOG_LEVEL: 'warn',
  };
}

const ctx = { waitUntil() {}, passThroughOnException() {} };

function request(env: Record<string, string>, method: string, path: string, body?: unknown) {
  return worker.fetch(
    new Request(`https://prefs.example.com${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        'content-type': 'application/json',
        origin: 'https://prefs.example.com',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    env,
    ctx,
  );
}

describe('a Worker whose SUPPRESSION_HASH_KEY is not its data', () => {
  it('answers 503 on every route that needs the key, logs why once, and keeps unsubscribe working', async () => {
    const logged: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void logged.push(line));
    try {
      const env = workerEnv('a-new-key-from-the-environment-0123456789');
      const needKey: Array<[string, string, unknown?]> = [
        ['POST', '/v1/presend', { topic, recipients: ['someone@example.nl'] }],
        ['POST', '/v1/presend', { topic, email: 'someone@example.nl' }],
        ['POST', '/v1/contacts', { email: 'new@example.nl' }],
        ['POST', '/v1/links', { email: 'new@example.nl', topic }],
        ['POST', '/v1/links/batch', { topic, recipients: [{ email: 'new@example.nl' }] }],
        ['DELETE', '/v1/contacts/someone%40example.nl?suppress=true'],
        ['POST', '/v1/subscribe', { email: 'new@example.nl', topics: [topic] }],
      ];
      for (const [method, path, body] of needKey) {
        const res = await request(env, method, path, body);
        expect(res.status, `${method} ${path}`).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(await res.json()).toEqual({
          error: {
            code: 'service_unavailable',
            message: 'the service is misconfigured: SUPPRESSION_HASH_KEY does not match its data',
          },
        });
      }

      expect((await request(env, 'GET', '/healthz')).status).toBe(200);
      expect((await request(env, 'GET', '/v1/topics')).status).toBe(200);
      const page = await request(env, 'GET', unsubscribePath);
      expect(page.status).toBe(200);
      const oneClick = await worker.fetch(
        new Request(`https://prefs.example.com${unsubscribePath}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        }),
        env,
        ctx,
      );
      expect(oneClick.status).toBe(200);

      const reasons = logged.filter((line) => line.includes('SUPPRESSION_HASH_KEY'));
      expect(reasons).toHaveLength(1);
      expect(JSON.parse(reasons[0])).toMatchObject({
        level: 'error',
        msg: 'refusing every route that needs SUPPRESSION_HASH_KEY',
        problem: expect.stringContaining('does not match the key fingerprint stored in the database'),
      });
      expect(reasons[0]).not.toContain('a-new-key-from-the-environment');
    } finally {
      log.mockRestore();
    }
  });

  it('serves those routes again with the right key', async () => {
    const env = workerEnv(SUPPRESSION_KEY);
    const res = await request(env, 'POST', '/v1/presend', { topic, email: 'someone@example.nl' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ send: false, reason: 'no_consent' });
  });
});
