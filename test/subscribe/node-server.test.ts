// The "done when", with the real Node entry as `npm start` runs it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startFakeResend } from '../support/fake-resend';
import { spawnServer } from '../support/spawn-server';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-subscribe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADMIN = 'subscribe-admin-key-0123456789';
const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };

async function newsTopic(url: string) {
  const res = await fetch(`${url}/v1/topics/news`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ name: { en: 'News', nl: 'Nieuws' }, basis: 'consent' }),
  });
  expect(res.status).toBe(201);
}

function formPost(url: string, email: string) {
  return fetch(`${url}/v1/subscribe`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': '203.0.113.45',
      'user-agent': 'Sign-up browser',
    },
    body: new URLSearchParams({ email, topics: 'news', consent_text: 'Yes, send me the news.' }).toString(),
  });
}

describe('the Node server without a Resend key', () => {
  it('prints the confirm link; opening it changes nothing; Confirm subscribes, with both steps in the trail', async () => {
    const server = await spawnServer({
      DATABASE_URL: `file:${join(dir, 'local', 'mailprefs.db')}`,
      ADMIN_API_KEY: ADMIN,
      TRUST_PROXY: 'true',
    });
    try {
      await newsTopic(server.url);
      expect((await formPost(server.url, 'Anna@Example.nl')).status).toBe(202);
      // The mail is printed just after the answer.
      const link = await vi.waitFor(() => {
        const found = server.output().match(/http:\/\/localhost:\d+(\/c\/[A-Za-z0-9_.-]+)/)?.[1];
        expect(found).toBeDefined();
        return found;
      });

      const contact = async () =>
        (await (await fetch(`${server.url}/v1/contacts/anna%40example.nl`, { headers: admin })).json()) as {
          subscriptions: Record<string, string>;
          consent_trail: Array<Record<string, unknown>>;
        };

      // The trail entry follows the mail.
      await vi.waitFor(async () => expect((await contact()).subscriptions).toEqual({ news: 'pending' }));
      expect((await fetch(`${server.url}${link}`)).status).toBe(200);
      expect((await contact()).subscriptions).toEqual({ news: 'pending' });

      const confirm = await fetch(`${server.url}${link}`, {
        method: 'POST',
        headers: { 'x-forwarded-for': '198.51.100.200', 'user-agent': 'Confirm browser' },
      });
      expect(confirm.status).toBe(200);
      const c = await contact();
      expect(c.subscriptions).toEqual({ news: 'subscribed' });
      expect(c.consent_trail).toEqual([
        expect.objectContaining({
          action: 'request',
          wording: 'Yes, send me the news.',
          ip: '203.0.113.0',
          user_agent: 'Sign-up browser',
          message_id: expect.stringMatching(/^local_/),
        }),
        expect.objectContaining({
          action: 'confirm',
          wording: expect.stringContaining('News'),
          ip: '198.51.100.0',
          user_agent: 'Confirm browser',
          message_id: expect.stringMatching(/^local_/),
        }),
      ]);
    } finally {
      await server.stop();
    }
  });
});

describe('the Node server with RESEND_API_KEY', () => {
  it('sends the confirmation mail through Resend (RESEND_BASE_URL) and prints no link', async () => {
    const fake = await startFakeResend();
    const server = await spawnServer({
      DATABASE_URL: `file:${join(dir, 'resend', 'mailprefs.db')}`,
      ADMIN_API_KEY: ADMIN,
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.url,
      MAIL_FROM: 'Acme <news@acme.example>',
    });
    try {
      await newsTopic(server.url);
      expect((await formPost(server.url, 'bert@example.nl')).status).toBe(202);
      await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
      expect(fake.requests[0]).toMatchObject({
        method: 'POST',
        path: '/emails',
        body: { from: 'Acme <news@acme.example>', to: 'bert@example.nl' },
      });
      expect(server.output()).not.toMatch(/\/c\//);
    } finally {
      await server.stop();
      await fake.close();
    }
  });
});
