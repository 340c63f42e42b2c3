// A sign-up is written down before it is answered, so a crash between the answer and the
// confirmation mail delays the mail instead of losing the sign-up: the next start (or the
// minute's sweep, or the Worker's cron) mails it with the same idempotency key, and records it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { domainContext } from '../../src/deps';
import { readDashboard } from '../../src/domain/dashboard';
import {
  claimSignUpDue,
  recordSignUpDue,
  SIGN_UP_CLAIM_MS,
  SIGN_UP_MAX_ATTEMPTS,
} from '../../src/domain/sign-ups-due';
import { sweepSignUps } from '../../src/jobs/sign-ups';
import type { MailTransport } from '../../src/mail/transport';
import { startFakeResend } from '../support/fake-resend';
import { createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';
import { spawnServer } from '../support/spawn-server';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-durable-sign-up-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADMIN = 'durable-admin-key-0123456789';
const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };

describe('a Node server killed with -9 while the confirmation mail is on its way', () => {
  it('mails the sign-up after the restart, once, and records it with that mail', async () => {
    const dbPath = join(dir, 'killed.db');
    const fake = await startFakeResend();
    const env = {
      DATABASE_URL: `file:${dbPath}`,
      ADMIN_API_KEY: ADMIN,
      TRUST_PROXY: 'true',
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.url,
      MAIL_FROM: 'Acme <news@acme.example>',
    };
    const db = createClient({ url: `file:${dbPath}` });
    let server = await spawnServer(env);
    try {
      const topic = await fetch(`${server.url}/v1/topics/news`, {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify({ name: { en: 'News' }, basis: 'consent' }),
      });
      expect(topic.status).toBe(201);

      // Resend takes the mail but does not answer before the crash.
      const release = fake.hold();
      const res = await fetch(`${server.url}/v1/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.45' },
        body: JSON.stringify({ email: 'carla@example.nl', topics: ['news'], consent_text: 'Yes, the news.' }),
      });
      expect(res.status).toBe(202);
      await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
      process.kill(server.pid, 'SIGKILL');
      await vi.waitFor(() => expect(() => process.kill(server.pid, 0)).toThrow());
      release();

      // Nothing was recorded in the trail yet; the sign-up is in the due table, IP truncated.
      const due = await db.execute('select email, ip, attempts, token_id from sign_ups_due');
      expect(due.rows).toEqual([
        expect.objectContaining({ email: 'carla@example.nl', ip: '203.0.113.0', attempts: 1 }),
      ]);
      expect((await db.execute('select count(*) as n from consent_events')).rows[0].n).toBe(0);

      // A minute and more later (moved back rather than waited for), the next start takes it over.
      await db.execute(
        'update sign_ups_due set created_at = created_at - 120000, claimed_until = claimed_until - 120000',
      );
      server = await spawnServer(env);
      await vi.waitFor(async () => {
        const left = await db.execute('select count(*) as n from sign_ups_due');
        expect(left.rows[0].n).toBe(0);
      });

      expect(fake.requests).toHaveLength(2);
      const [first, second] = fake.requests;
      expect(second.headers['idempotency-key']).toBe(first.headers['idempotency-key']);
      expect(second.body).toMatchObject({ to: 'carla@example.nl' });

      const contact = (await (
        await fetch(`${server.url}/v1/contacts/carla%40example.nl`, { headers: admin })
      ).json()) as { subscriptions: Record<string, string>; consent_trail: Array<Record<string, unknown>> };
      expect(contact.subscriptions).toEqual({ news: 'pending' });
      expect(contact.consent_trail).toEqual([
        expect.objectContaining({
          action: 'request',
          wording: 'Yes, the news.',
          ip: '203.0.113.0',
          token_id: due.rows[0].token_id,
          message_id: expect.any(String),
        }),
      ]);
    } finally {
      await server.stop();
      await fake.close();
      db.close();
    }
  }, 60_000);
});

describe('the sign-up sweep', () => {
  it('leaves a young sign-up to its task, and takes over one whose claim ran out, with the same key and limit', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const keys: string[] = [];
    const held: MailTransport = {
      async send(mail) {
        keys.push(mail.idempotencyKey);
        await gate;
        return { id: `held_${keys.length}` };
      },
    };
    const env = await createTestEnv({ mailer: held });
    try {
      const news = await createTopic(env);
      const email = uniqueEmail();
      const res = await env.api('POST', '/v1/subscribe', { email, topics: [news] }, { key: null });
      expect(res.status).toBe(202);
      await vi.waitFor(() => expect(keys).toHaveLength(1));

      // 45 s on, its task still has it: the sweep leaves it alone.
      env.clock.advance(45_000);
      expect(await sweepSignUps(env.deps)).toEqual({ handled: 0, retrying: 0, failed: 0, givenUp: 0 });
      expect(keys).toHaveLength(1);

      // Past the claim, as if its task had died: the sweep sends again, under the same key.
      env.clock.advance(SIGN_UP_CLAIM_MS);
      const sweep = sweepSignUps(env.deps);
      await vi.waitFor(() => expect(keys).toHaveLength(2));
      expect(keys[1]).toBe(keys[0]);
      release();
      expect(await sweep).toEqual({ handled: 1, retrying: 0, failed: 0, givenUp: 0 });
      await env.deferred.settled();
      expect(await dueCount(env)).toBe(0);

      // Recorded once: the second writer found the topic pending already.
      const contact = (await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).json()) as {
        consent_trail: Array<Record<string, unknown>>;
      };
      expect(contact.consent_trail.map((e) => e.action)).toEqual(['request']);
      // And counted once against the address's three mails a day.
      const counted = await env.deps.db.$client.execute(
        "select count from rate_limits where key like 'subscribe-mail:address:%'",
      );
      expect(counted.rows.map((r) => r.count)).toEqual([1]);
    } finally {
      release();
      await env.deferred.settled();
      env.close();
    }
  });

  it(`gives a sign-up up after ${SIGN_UP_MAX_ATTEMPTS} claims that never finished`, async () => {
    const env = await createTestEnv();
    try {
      const ctx = domainContext(env.deps);
      const id = await recordSignUpDue({
        ctx,
        input: { email: uniqueEmail(), topics: ['news'], fallbackLocale: 'en', source: 'test' },
      });
      for (let i = 0; i < SIGN_UP_MAX_ATTEMPTS; i++) {
        expect(await claimSignUpDue({ ctx, input: { id } })).toMatchObject({ attempts: i + 1 });
        // Held: nobody else gets it until the claim runs out.
        expect(await claimSignUpDue({ ctx, input: { id } })).toBeUndefined();
        env.clock.advance(SIGN_UP_CLAIM_MS);
      }
      expect(await claimSignUpDue({ ctx, input: { id } })).toBeUndefined();
      expect(await sweepSignUps(env.deps)).toEqual({ handled: 0, retrying: 0, failed: 0, givenUp: 1 });
      expect(await dueCount(env)).toBe(0);
      // Staff see it among the confirmation mails given up today.
      expect((await readDashboard({ ctx, input: {} })).signUps).toEqual({ waiting: 0, gaveUpToday: 1 });
    } finally {
      env.close();
    }
  });
});

describe('erasing an address', () => {
  it('drops its sign-ups that were not mailed yet, with or without a contact', async () => {
    const env = await createTestEnv();
    try {
      const ctx = domainContext(env.deps);
      const known = uniqueEmail();
      const unknown = uniqueEmail();
      const news = await createTopic(env);
      expect((await env.api('POST', '/v1/contacts', { email: known })).status).toBeLessThan(300);
      for (const email of [known, unknown, uniqueEmail('other')]) {
        await recordSignUpDue({
          ctx,
          input: { email, topics: [news], fallbackLocale: 'en', source: 'test' },
        });
      }
      expect(await dueCount(env)).toBe(3);
      expect((await env.api('DELETE', `/v1/contacts/${encodeURIComponent(known)}`)).status).toBe(200);
      expect(
        (await env.api('DELETE', `/v1/contacts/${encodeURIComponent(unknown)}?suppress=true`)).status,
      ).toBe(200);
      const left = await env.deps.db.$client.execute('select email from sign_ups_due');
      expect(left.rows.map((r) => r.email)).toEqual([expect.stringMatching(/^other/)]);
    } finally {
      env.close();
    }
  });
});

async function dueCount(env: TestEnv): Promise<number> {
  return Number((await env.deps.db.$client.execute('select count(*) as n from sign_ups_due')).rows[0].n);
}
