// The one way back for an erased address: the person signs up again and confirms it
// themselves. Until that click the erasure holds everywhere; the click lifts it and the
// trail says so. Bounced and complained addresses stay unmailed. Over real HTTP.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressions } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { ERASURE_LIFTED } from '../../src/domain/subscribe';
import { addSuppression } from '../../src/domain/suppressions';
import type { RunningServer } from '../../src/node/serve';
import {
  ADMIN_KEY,
  createContact,
  createKey,
  createTestEnv,
  createTopic,
  SUPPRESSION_KEY,
  startTestServer,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';
import { emailHash } from '../support/hashes';
import { BROWSER_UA, confirmPath, mailsTo } from './support';

let env: TestEnv;
let server: RunningServer;
let presendKey: string;
let news: string;
beforeAll(async () => {
  env = await createTestEnv();
  server = await startTestServer(env);
  presendKey = await createKey(env, ['presend']);
  news = await createTopic(env, { basis: 'consent' });
});
afterAll(async () => {
  await server.close();
  env.close();
});

let ipCounter = 0;
async function signUp(email: string) {
  const res = await fetch(`${server.url}/v1/subscribe`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': BROWSER_UA,
      'x-forwarded-for': `10.9.${++ipCounter}.5`,
    },
    body: JSON.stringify({ email, topics: [news], source: 'website-footer', consent_text: 'Send me news.' }),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

/** The confirmation mail to `email`, once it has been sent. */
async function confirmMailTo(email: string) {
  for (let i = 0; i < 100 && mailsTo(env, email).length === 0; i++)
    await new Promise((r) => setTimeout(r, 20));
  const [mail] = mailsTo(env, email);
  expect(mail?.kind).toBe('confirm');
  return mail;
}

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function verdict(email: string) {
  const res = await fetch(`${server.url}/v1/presend`, {
    method: 'POST',
    headers: { authorization: `Bearer ${presendKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ topic: news, email }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { send: boolean; reason?: string };
  return body.reason ?? 'send';
}

async function erasureEntries(email: string) {
  return env.deps.db
    .select({ reason: suppressions.reason })
    .from(suppressions)
    .where(eq(suppressions.emailHash, emailHash(SUPPRESSION_KEY, email)));
}

const contactPath = (email: string) => `/v1/contacts/${encodeURIComponent(email)}`;

describe('an erased address that signs up again', () => {
  it('is mailed a confirmation, stays erased until the click, and the click lifts the erasure', async () => {
    const { email } = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    expect((await admin('DELETE', `${contactPath(email)}?notify=false`)).status).toBe(200);
    expect(await verdict(email)).toBe('erased');

    // Signed up in another spelling: the same person, the same erasure.
    const answer = await signUp(`${email.toUpperCase()}\u200b`);
    expect(answer.status).toBe(202);
    const mail = await confirmMailTo(email);

    // Nobody but the person can lift it: until the click the erasure holds everywhere.
    expect(await verdict(email)).toBe('erased');
    expect((await admin('POST', '/v1/contacts', { email })).body).toMatchObject({
      error: { code: 'erased' },
    });
    const page = await fetch(`${server.url}${confirmPath(mail)}`);
    expect(page.status).toBe(200);
    expect(await erasureEntries(email)).toEqual([{ reason: 'erased' }]);

    const confirmed = await fetch(`${server.url}${confirmPath(mail)}`, {
      method: 'POST',
      headers: { origin: server.url, 'sec-fetch-site': 'same-origin', 'user-agent': BROWSER_UA },
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You are subscribed');

    expect(await erasureEntries(email)).toEqual([]);
    expect(await verdict(email)).toBe('send');
    const contact = await admin('GET', contactPath(email));
    expect(contact.body.subscriptions).toEqual({ [news]: 'subscribed' });
    expect(contact.body.consent_trail).toEqual([
      expect.objectContaining({ action: 'request', source: 'website-footer', note: null }),
      expect.objectContaining({ action: 'confirm', source: 'double-opt-in', note: ERASURE_LIFTED }),
    ]);
    // Staff may work with the address again.
    expect((await admin('POST', '/v1/contacts', { email, locale: 'nl' })).status).toBe(200);
  });

  it('is lifted also when the erasure was kept under an older form of the address', async () => {
    const name = `legacy${Date.now()}`;
    // Stored before canonical addresses: the Unicode domain, trimmed and lower-cased.
    await env.deps.db.insert(suppressions).values({
      emailHash: emailHash(SUPPRESSION_KEY, `${name}@b\u00fccher.example`),
      reason: 'erased',
      source: 'api:before-canonical',
      createdAt: env.clock.now(),
    });
    const email = `${name}@xn--bcher-kva.example`;
    expect(await verdict(email)).toBe('erased');
    await signUp(`${name}@B\u00dcCHER.example`);
    const mail = await confirmMailTo(email);
    await fetch(`${server.url}${confirmPath(mail)}`, {
      method: 'POST',
      headers: { origin: server.url, 'sec-fetch-site': 'same-origin' },
    });
    expect(await verdict(email)).toBe('send');
  });

  it('is not mailed when it also bounced: a bounce is not lifted by a sign-up', async () => {
    const email = uniqueEmail('erased-bounced');
    await admin('DELETE', `${contactPath(email)}?suppress=true`);
    await addSuppression({
      ctx: domainContext(env.deps),
      input: {
        email,
        reason: 'bounced',
        source: 'test',
      },
    });
    await signUp(email);
    // A bounced address gets no mail, so there is nothing to confirm.
    const other = uniqueEmail('after-bounced');
    await signUp(other);
    await confirmMailTo(other);
    expect(mailsTo(env, email)).toHaveLength(0);
    expect(await verdict(email)).toBe('erased');
  });
});

describe('the public answer', () => {
  it('is the same for new, subscribed, erased, bounced and complained addresses', async () => {
    const fresh = uniqueEmail('fresh');
    const { email: subscribed } = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    const { email: erased } = await createContact(env);
    await admin('DELETE', `${contactPath(erased)}?notify=false`);
    const bounced = uniqueEmail('bounced');
    const complained = uniqueEmail('complained');
    for (const [email, reason] of [
      [bounced, 'bounced'],
      [complained, 'complained'],
    ] as const) {
      await addSuppression({ ctx: domainContext(env.deps), input: { email, reason, source: 'test' } });
    }

    const answers = [];
    for (const email of [fresh, subscribed, erased, bounced, complained]) answers.push(await signUp(email));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].status).toBe(202);

    await confirmMailTo(fresh);
    await confirmMailTo(erased);
    expect(mailsTo(env, bounced)).toHaveLength(0);
    expect(mailsTo(env, complained)).toHaveLength(0);
    expect(mailsTo(env, subscribed)).toHaveLength(0);
    // Bounced and complained addresses get no contact row either; only the hashes stay.
    const rows = await env.deps.db
      .select({ reason: suppressions.reason })
      .from(suppressions)
      .where(
        inArray(
          suppressions.emailHash,
          [bounced, complained].map((e) => emailHash(SUPPRESSION_KEY, e)),
        ),
      );
    expect(rows.map((r) => r.reason).sort()).toEqual(['bounced', 'complained']);
    expect((await admin('GET', contactPath(bounced))).status).toBe(404);
    expect((await admin('GET', contactPath(complained))).status).toBe(404);
  });
});
