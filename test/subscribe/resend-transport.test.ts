// The confirmation mail through the real `resend` SDK, against a local server that speaks
// Resend's documented API, with the app served over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogFields } from '../../src/logger';
import { createResendTransport } from '../../src/mail/resend';
import { MailSendError } from '../../src/mail/transport';
import { retryAfterSeconds } from '../../src/net/retry-after';
import type { RunningServer } from '../../src/node/serve';
import { type FakeResend, startFakeResend } from '../support/fake-resend';
import { createTestEnv, createTopic, startTestServer, type TestEnv, uniqueEmail } from '../support/harness';

let fake: FakeResend;
let env: TestEnv;
let server: RunningServer;
let news: string;
const logged: Array<{ level: string; msg: string; fields?: LogFields }> = [];

beforeAll(async () => {
  fake = await startFakeResend();
  // Capture what the app logs, to check that no address or token ends up there.
  const capture = (level: string) => (msg: string, fields?: LogFields) => logged.push({ level, msg, fields });
  env = await createTestEnv({
    logger: {
      debug: capture('debug'),
      info: capture('info'),
      warn: capture('warn'),
      error: capture('error'),
    },
    env: { MAIL_FROM: 'Acme Nieuws <nieuws@acme.example>', BRAND_NAME: 'Acme' },
    mailer: createResendTransport({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      from: 'Acme Nieuws <nieuws@acme.example>',
    }),
  });
  server = await startTestServer(env);
  news = await createTopic(env, { name: { en: 'News', nl: 'Nieuws' } });
});
afterAll(async () => {
  await server.close();
  env.close();
  await fake.close();
});

/** A sign-up over HTTP, and the mail that the app sends after answering it. */
async function subscribe(email: string) {
  const res = await fetch(`${server.url}/v1/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.10' },
    body: JSON.stringify({ email, topics: [news], locale: 'nl' }),
  });
  await env.deferred.settled();
  return res;
}

async function trail(email: string) {
  const res = await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`);
  return (await res.json()) as {
    subscriptions: Record<string, string>;
    consent_trail: Array<Record<string, unknown>>;
  };
}

const emailsTo = (email: string) =>
  fake.requests.filter((r) => r.path === '/emails' && (r.body as { to?: string }).to === email);

describe('the confirmation mail through Resend', () => {
  it('is one correct POST /emails with key, idempotency key, text and HTML', async () => {
    const email = uniqueEmail();
    expect((await subscribe(email)).status).toBe(202);
    const [req] = emailsTo(email);
    expect(req.method).toBe('POST');
    expect(req.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(req.headers['user-agent']).toMatch(/^mailprefs /);
    expect(req.headers['idempotency-key']).toMatch(/^confirm\/[A-Za-z0-9_-]{12}$/);
    const body = req.body as Record<string, unknown>;
    expect(body).toMatchObject({
      from: 'Acme Nieuws <nieuws@acme.example>',
      to: email,
      subject: 'Bevestig uw aanmelding bij Acme',
      tags: [{ name: 'kind', value: 'confirm' }],
    });
    expect(body.text).toMatch(/http:\/\/127\.0\.0\.1:8787\/c\/[A-Za-z0-9_.-]+/);
    expect(body.html).toContain('Nieuws');
    // A consent request is not a marketing mail: no List-Unsubscribe on it.
    expect(body.headers).toBeUndefined();

    const c = await trail(email);
    expect(c.consent_trail[0]).toMatchObject({
      action: 'request',
      message_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('retries a 429 once with the same idempotency key, and keeps the mail id', async () => {
    const email = uniqueEmail();
    fake.failNext(429);
    expect((await subscribe(email)).status).toBe(202);
    const attempts = emailsTo(email);
    expect(attempts).toHaveLength(2);
    expect(attempts[0].headers['idempotency-key']).toBe(attempts[1].headers['idempotency-key']);
    const c = await trail(email);
    expect(c.subscriptions).toEqual({ [news]: 'pending' });
    expect(c.consent_trail[0].message_id).toEqual(expect.any(String));
    expect(c.consent_trail[0].note).toBeNull();
  });

  it('keeps the sign-up for a later attempt when Resend keeps failing, and reports it', async () => {
    const email = uniqueEmail();
    fake.failNext(500, 2);
    expect((await subscribe(email)).status).toBe(202);
    expect(emailsTo(email)).toHaveLength(2);
    // Not recorded yet: the trail's one entry waits for the mail (sign-up-retry.test.ts).
    expect((await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).status).toBe(200);
    expect((await trail(email)).consent_trail).toEqual([]);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'confirmation mail failed; it is tried again later',
        fields: expect.objectContaining({ status: 500, code: 'internal_server_error', attempt: 1 }),
      }),
    );
  });

  it('keeps the sign-up for a later attempt when Resend refuses the key, and says so at error', async () => {
    const email = uniqueEmail();
    fake.failNext(401);
    expect((await subscribe(email)).status).toBe(202);
    // No quick second try: a refused key is not a glitch.
    expect(emailsTo(email)).toHaveLength(1);
    // Not recorded as never mailed: the operator's fix of the key lets the next attempt through.
    expect((await trail(email)).consent_trail).toEqual([]);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'the mail service refuses the API key; the confirmation mail is tried again later',
        fields: expect.objectContaining({ status: 401, code: 'missing_api_key', attempt: 1 }),
      }),
    );
  });

  it('gives up at once on a message Resend refuses for good, and records the sign-up as pending with the note', async () => {
    const email = uniqueEmail();
    fake.failNext(422);
    expect((await subscribe(email)).status).toBe(202);
    expect(emailsTo(email)).toHaveLength(1);
    const c = await trail(email);
    expect(c.subscriptions).toEqual({ [news]: 'pending' });
    expect(c.consent_trail[0]).toMatchObject({
      message_id: null,
      note: 'confirmation mail could not be sent',
    });
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'confirmation mail refused by the mail service; not retried',
        fields: expect.objectContaining({ status: 422 }),
      }),
    );

    expect((await subscribe(email)).status).toBe(202);
    // A fresh link: a new token, so a new idempotency key.
    const [first, second] = emailsTo(email);
    expect(second.headers['idempotency-key']).not.toBe(first.headers['idempotency-key']);
  });

  it('gives up a send Resend does not answer in time, as one worth retrying', async () => {
    const transport = createResendTransport({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      from: 'x@acme.example',
      timeoutMs: 200,
    });
    const release = fake.hold();
    try {
      await expect(
        transport.send({
          to: 'someone@example.nl',
          subject: 'Confirm',
          text: 't',
          html: '<p>t</p>',
          idempotencyKey: 'confirm/slow',
          kind: 'confirm',
        }),
      ).rejects.toMatchObject({ name: 'MailSendError', status: null, code: 'timeout', retryable: true });
    } finally {
      release();
    }
  });

  it('sends List-Unsubscribe and other headers a mail asks for', async () => {
    const transport = createResendTransport({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      from: 'x@acme.example',
    });
    await transport.send({
      to: 'someone@example.nl',
      subject: 'Your preferences link',
      text: 't',
      html: '<p>t</p>',
      headers: {
        'List-Unsubscribe': '<https://prefs.example/u/abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      idempotencyKey: 'preferences-link/1',
      kind: 'preferences-link',
    });
    const last = fake.requests.at(-1)!;
    expect((last.body as { headers: Record<string, string> }).headers).toEqual({
      'List-Unsubscribe': '<https://prefs.example/u/abc>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(last.headers['idempotency-key']).toBe('preferences-link/1');
  });

  it('a wrong API key is an error the caller sees, not a silent success', async () => {
    const transport = createResendTransport({
      apiKey: 're_wrong',
      baseUrl: fake.url,
      from: 'x@acme.example',
    });
    await expect(
      transport.send({
        to: 'a@example.nl',
        subject: 's',
        text: 't',
        html: 'h',
        idempotencyKey: 'k',
        kind: 'receipt',
      }),
    ).rejects.toMatchObject({ name: 'MailSendError', status: 403, retryable: false });
  });

  it('only ever calls POST /emails: nothing goes to Resend contacts or its suppression list', () => {
    expect(fake.requests.length).toBeGreaterThan(5);
    expect(fake.requests.every((r) => r.method === 'POST' && r.path === '/emails')).toBe(true);
  });

  it('logs no address and no token', () => {
    const text = JSON.stringify(logged);
    expect(text).not.toMatch(/@example\.nl/);
    expect(text).not.toMatch(/\/c\/ey/);
  });
});

describe("Resend's Retry-After, carried on the error", () => {
  const transport = () =>
    createResendTransport({ apiKey: fake.apiKey, baseUrl: fake.url, from: 'a@acme.example' });
  const mail = {
    to: 'someone@example.nl',
    subject: 's',
    text: 't',
    html: '<p>t</p>',
    idempotencyKey: 'retry-after/1',
    kind: 'confirm' as const,
  };
  async function failure(): Promise<MailSendError> {
    const err = await transport()
      .send(mail)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(MailSendError);
    return err as MailSendError;
  }

  it('a 429 carries its wait in seconds as milliseconds, and Resend sends its rate-limit headers', async () => {
    fake.failNext(429, 1, { retryAfter: '30' });
    expect(await failure()).toMatchObject({ status: 429, retryable: true, retryAfterMs: 30_000 });
    const res = await fetch(`${fake.url}/emails`, { method: 'POST', headers: { authorization: 'Bearer x' } });
    expect(res.headers.get('ratelimit-limit')).toMatch(/^\d+$/);
    expect(res.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
    expect(res.headers.get('ratelimit-reset')).toMatch(/^\d+$/);
  });

  it('a 503 with an HTTP date carries the time until then', async () => {
    fake.failNext(503, 1, { retryAfter: new Date(Date.now() + 90_000).toUTCString() });
    const { retryAfterMs: wait } = await failure();
    expect(wait).toBeGreaterThan(85_000);
    expect(wait).toBeLessThanOrEqual(90_000);
  });

  it('no header, or one a send refused for good comes with, carries no wait', async () => {
    fake.failNext(500);
    expect((await failure()).retryAfterMs).toBeNull();
    fake.failNext(422, 1, { retryAfter: '30' });
    expect(await failure()).toMatchObject({ status: 422, retryable: false, retryAfterMs: null });
  });

  it('reads seconds and HTTP dates, and nothing else', () => {
    const now = new Date('2026-12-02T00:00:00Z');
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds(' 0 ', now)).toBe(0);
    expect(retryAfterSeconds('Wed, 02 Dec 2026 00:05:00 GMT', now)).toBe(300);
    // A date already past means now.
    expect(retryAfterSeconds('Tue, 01 Dec 2026 23:00:00 GMT', now)).toBe(0);
    for (const bad of [null, '', '-5', '1.5', 'soon', '2 minutes'])
      expect(retryAfterSeconds(bad, now)).toBeUndefined();
  });
});
