// Builds a fresh app on a fresh libSQL file per call, with a test clock, an in-memory
// outbox and fixed keys. Tests call it in beforeAll/beforeEach and use the factories below
// for unique data, so no test depends on another's rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app';
import { type Config, parseConfig } from '../../src/config';
import type { AppDeps } from '../../src/deps';
import { type Logger, silentLogger } from '../../src/logger';
import { createOutboxTransport, type OutboxTransport } from '../../src/mail/console';
import type { MailTransport } from '../../src/mail/transport';
import type { DeferredWork } from '../../src/node/deferred';
import { buildNodeDeps } from '../../src/node/deps';
import { type RunningServer, serveApp } from '../../src/node/serve';
import { createTestClock, type TestClock } from './clock';

export const ADMIN_KEY = 'test-admin-key-0123456789';
export const SIGNING_KEYS =
  'k2:second-signing-secret-0123456789abcdef,k1:first-signing-secret-0123456789abcdef';
export const SUPPRESSION_KEY = 'test-suppression-hash-key-0123456789abcdef';
/** Seals webhook signing secrets (ENCRYPTION_KEY). */
export const ENCRYPTION_KEY = 'test-encryption-key-0123456789abcdef-0123';

export interface TestEnv {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  config: Config;
  clock: TestClock;
  outbox: OutboxTransport;
  /** Work the app left to finish after its answers (confirmation mails): `await deferred.settled()`. */
  deferred: DeferredWork;
  dbPath: string;
  /** JSON request through app.request with the admin key unless `key: null`. */
  api(
    method: string,
    path: string,
    body?: unknown,
    opts?: { key?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): void;
}

export async function createTestEnv(
  opts: {
    env?: Record<string, string>;
    mailer?: MailTransport;
    dbPath?: string;
    clock?: TestClock;
    logger?: Logger;
  } = {},
): Promise<TestEnv> {
  const dir = opts.dbPath ? undefined : mkdtempSync(join(tmpdir(), 'mailprefs-test-'));
  const dbPath = opts.dbPath ?? join(dir!, 'test.db');
  const config = parseConfig({
    DATABASE_URL: `file:${dbPath}`,
    ADMIN_API_KEY: ADMIN_KEY,
    SIGNING_KEYS,
    SUPPRESSION_HASH_KEY: SUPPRESSION_KEY,
    ENCRYPTION_KEY,
    PUBLIC_URL: 'http://127.0.0.1:8787',
    TRUST_PROXY: 'true',
    RETENTION_INTERVAL_MINUTES: '0',
    ...opts.env,
  });
  const clock = opts.clock ?? createTestClock();
  const outbox = createOutboxTransport();
  const { deps, close, deferred } = await buildNodeDeps(config, {
    clock,
    logger: opts.logger ?? silentLogger,
    mailer: opts.mailer ?? outbox,
  });
  const app = createApp(deps);
  return {
    app,
    deps,
    config,
    clock,
    outbox,
    deferred,
    dbPath,
    api: async (method, path, body, o = {}) => {
      const headers: Record<string, string> = { ...o.headers };
      const key = o.key === undefined ? ADMIN_KEY : o.key;
      if (key) headers.authorization = `Bearer ${key}`;
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      return app.request(path, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    close: () => {
      close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The same app served over real HTTP on 127.0.0.1 with a random port. */
export async function startTestServer(env: TestEnv): Promise<RunningServer> {
  return serveApp(env.app, { port: 0, hostname: '127.0.0.1' });
}

let counter = 0;
export function uniqueEmail(prefix = 'person'): string {
  counter += 1;
  return `${prefix}.${process.pid}.${counter}.${Math.random().toString(36).slice(2, 8)}@example.nl`;
}

export function uniqueTopicKey(prefix = 'topic'): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A new API key's secret, made through the admin API (a presend key unless told otherwise). */
export async function createKey(
  env: TestEnv,
  scopes: Array<'admin' | 'presend' | 'links'> = ['presend'],
  name = 'mailing tool',
): Promise<string> {
  const res = await env.api('POST', '/v1/keys', { name, scopes });
  if (res.status !== 201) throw new Error(`createKey: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { secret: string }).secret;
}

export async function createTopic(
  env: TestEnv,
  opts: { key?: string; basis?: 'consent' | 'legitimate_interest'; name?: { en: string; nl: string } } = {},
): Promise<string> {
  const key = opts.key ?? uniqueTopicKey();
  const res = await env.api('PUT', `/v1/topics/${key}`, {
    name: opts.name ?? { en: `Topic ${key}`, nl: `Onderwerp ${key}` },
    description: { en: `About ${key}`, nl: `Over ${key}` },
    basis: opts.basis ?? 'consent',
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`createTopic: ${res.status} ${await res.text()}`);
  return key;
}

export async function createContact(
  env: TestEnv,
  opts: {
    email?: string;
    locale?: 'en' | 'nl';
    subscriptions?: Record<string, 'subscribed' | 'unsubscribed'>;
    /** A customer since this date (YYYY-MM-DD): what legitimate-interest topics need. */
    customerSince?: string;
  } = {},
): Promise<{ id: string; email: string }> {
  const email = opts.email ?? uniqueEmail();
  const res = await env.api('POST', '/v1/contacts', {
    email,
    locale: opts.locale,
    subscriptions: opts.subscriptions,
    customer_since: opts.customerSince,
    consent: { source: 'test-factory', text: 'I agree to receive these mailings.' },
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`createContact: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { id: string; email: string };
  return { id: body.id, email: body.email };
}
