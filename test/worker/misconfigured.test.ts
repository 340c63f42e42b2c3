// A Worker deployed with a setting missing or wrong: it cannot refuse to start as Node does,
// so every route answers 503 service_unavailable in the error envelope, naming what to fix
// (never a value, never a stack trace), and it says so in the log once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/worker';

const ctx = { waitUntil: () => {}, passThroughOnException: () => {} };
const complete = {
  DATABASE_URL: 'https://db.example.turso.io',
  DATABASE_AUTH_TOKEN: 'turso-token',
  SIGNING_KEYS: 'w1:worker-signing-secret-0123456789abcdef',
  SUPPRESSION_HASH_KEY: 'worker-suppression-key-0123456789abcdef',
  PUBLIC_URL: 'https://prefs.example.com',
};
const ask = (env: Record<string, string | undefined>, path = '/healthz') =>
  worker.fetch(new Request(`https://prefs.example.com${path}`), env, ctx);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a misconfigured Worker', () => {
  it.each([
    ['DATABASE_URL', { DATABASE_URL: undefined }],
    ['SIGNING_KEYS', { SIGNING_KEYS: undefined }],
    ['SUPPRESSION_HASH_KEY', { SUPPRESSION_HASH_KEY: '' }],
    ['SIGNING_KEYS', { SIGNING_KEYS: 'k1:short' }],
    ['SUPPRESSION_HASH_KEY', { SUPPRESSION_HASH_KEY: 'short' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://x' }],
    ['DATABASE_URL', { DATABASE_URL: 'file:./data/mailprefs.db' }],
    ['DATABASE_URL', { DATABASE_URL: 'wss://db.example.turso.io' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
  ])('answers /healthz with a JSON 503 naming %s', async (variable, change) => {
    const res = await ask({ ...complete, ...change });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      error: {
        code: 'service_unavailable',
        message: expect.stringContaining(variable),
        details: expect.arrayContaining([expect.objectContaining({ field: variable })]),
      },
    });
    expect(text).not.toMatch(/\n\s+at |:\d+:\d+\)/); // no stack trace
    for (const secret of Object.values(complete)) {
      if (!Object.values(change).includes(secret)) expect(text).not.toContain(secret);
    }
  });

  it('refuses a WebSocket database URL and says which URLs it takes', async () => {
    for (const url of ['wss://db.example.turso.io', 'ws://127.0.0.1:8080', 'WSS://db.example.turso.io']) {
      const res = await ask({ ...complete, DATABASE_URL: url });
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { details: Array<{ field: string; message: string }> } };
      expect(body.error.details).toEqual([
        {
          field: 'DATABASE_URL',
          message: expect.stringMatching(/libsql:\/\/… or https:\/\/….*not WebSockets/),
        },
      ]);
    }
  });

  it('names everything missing at once, on every route, and logs it once', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const env = { PUBLIC_URL: 'https://prefs.example.com' };
    for (const [method, path] of [
      ['GET', '/healthz'],
      ['GET', '/v1/topics'],
      ['POST', '/v1/presend'],
      ['GET', '/u/some-token'],
    ]) {
      const res = await worker.fetch(new Request(`https://prefs.example.com${path}`, { method }), env, ctx);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; details: Array<{ field: string }> } };
      expect(body.error.code).toBe('service_unavailable');
      expect(body.error.details.map((d) => d.field)).toEqual([
        'DATABASE_URL',
        'SIGNING_KEYS',
        'SUPPRESSION_HASH_KEY',
      ]);
    }
    const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'the Worker is not configured',
        problems: expect.stringMatching(/DATABASE_URL.*SIGNING_KEYS.*SUPPRESSION_HASH_KEY/),
      }),
    ]);
  });

  it('fails its cron run with the same words', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    await expect(
      worker.scheduled(
        { cron: '17 3 * * *', scheduledTime: Date.now() },
        { ...complete, SIGNING_KEYS: '' },
        ctx,
      ),
    ).rejects.toThrow(/not configured: SIGNING_KEYS/);
  });

  it('serves the app once its settings are complete', async () => {
    // No database behind this URL: /docs answers without one.
    const res = await ask(complete, '/docs');
    expect(res.status).toBe(200);
  });

  it('answers /openapi.json with a 503 in the envelope when the deploy has no static assets', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    // The document is a static asset made at deploy (wrangler.toml [assets]); here there is no ASSETS binding.
    const res = await ask(complete, '/openapi.json');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: 'service_unavailable', message: expect.stringContaining('static assets') },
    });
  });
});
