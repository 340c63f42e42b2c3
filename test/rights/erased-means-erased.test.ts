// An erased address, in whatever spelling it comes back, is never stored again and never
// cleared to send: not by staff (POST /v1/contacts), not by link requests, not by an import,
// not by presend. Over real HTTP against a real libSQL file.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportWriter } from '../../src/db/import-writer';
import { contacts, suppressions } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { readCsv } from '../../src/domain/csv';
import { importContacts, type RejectedRow } from '../../src/domain/import';
import { handleDeliveryEvent } from '../../src/domain/mail-events';
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
} from '../support/harness';
import { emailHash } from '../support/hashes';

let env: TestEnv;
let server: RunningServer;
let presendKey: string;
let linksKey: string;
let topic: string;

beforeAll(async () => {
  env = await createTestEnv();
  server = await startTestServer(env);
  presendKey = await createKey(env, ['presend']);
  linksKey = await createKey(env, ['links']);
  topic = await createTopic(env, { basis: 'legitimate_interest' });
});
afterAll(async () => {
  await server.close();
  env.close();
});

async function call(method: string, path: string, body?: unknown, key = ADMIN_KEY) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const contactPath = (email: string) => `/v1/contacts/${encodeURIComponent(email)}`;

async function erase(email: string) {
  const res = await call('DELETE', `${contactPath(email)}?suppress=true&notify=false`);
  expect(res.status).toBe(200);
}

async function verdicts(recipients: string[]) {
  const res = await call('POST', '/v1/presend', { topic, recipients }, presendKey);
  expect(res.status).toBe(200);
  return (res.body.results as Array<{ send: boolean; reason?: string }>).map((r) => r.reason ?? 'send');
}

async function contactCount() {
  const [row] = await env.deps.db.select({ n: count() }).from(contacts);
  return row.n;
}

let n = 0;
/** A fresh local part, so each test erases its own address. */
const local = (prefix: string) => `${prefix}${++n}${Math.random().toString(36).slice(2, 6)}`;

/** Spellings of `name@sec.example` that read the same but were different bytes. */
const spellingsOf = (name: string) => [
  `${name}@sec.example`,
  ` ${name.toUpperCase()}@SEC.example `,
  `${name}@sec.example\u200b`,
  `${name}\u200d@sec.example`,
  `${name}@se\u00adc.example`,
  `${name}@ｓｅｃ．ｅｘａｍｐｌｅ`,
];

describe('an erased address in any spelling', () => {
  it('is not cleared by presend', async () => {
    const name = local('erased');
    await erase(`${name}@sec.example`);
    expect(await verdicts(spellingsOf(name))).toEqual(Array(6).fill('erased'));
  });

  it('is refused by POST /v1/contacts with 409 erased, and nothing is stored', async () => {
    const { email } = await createContact(env, { email: `${local('erased')}@sec.example` });
    await erase(email);
    const before = await contactCount();
    for (const spelling of spellingsOf(email.split('@')[0])) {
      const res = await call('POST', '/v1/contacts', { email: spelling, locale: 'nl' });
      expect(res.status, JSON.stringify(spelling)).toBe(409);
      expect(res.body).toEqual({ error: { code: 'erased', message: expect.stringMatching(/erased/) } });
    }
    expect(await contactCount()).toBe(before);
    expect((await call('GET', contactPath(email))).status).toBe(404);
  });

  it('gets no link from POST /v1/links (409 erased), and nothing is stored', async () => {
    const name = local('erased');
    await erase(`${name}@sec.example`);
    const before = await contactCount();
    for (const spelling of spellingsOf(name)) {
      const res = await call('POST', '/v1/links', { email: spelling, topic }, linksKey);
      expect(res.status, JSON.stringify(spelling)).toBe(409);
      expect((res.body.error as { code: string }).code).toBe('erased');
    }
    expect(await contactCount()).toBe(before);
  });

  it('is marked suppressed in POST /v1/links/batch, without links, while the others get theirs', async () => {
    const name = local('erased');
    await erase(`${name}@sec.example`);
    const bounced = `${local('bounced')}@sec.example`;
    await env.deps.db.insert(suppressions).values({
      emailHash: emailHash(SUPPRESSION_KEY, bounced),
      reason: 'bounced',
      source: 'test',
      createdAt: env.clock.now(),
    });
    const fresh = `${local('fresh')}@sec.example`;
    const before = await contactCount();
    const res = await call(
      'POST',
      '/v1/links/batch',
      { topic, recipients: [{ email: fresh }, { email: `${name}@se\u00adc.example` }, { email: bounced }] },
      linksKey,
    );
    expect(res.status).toBe(200);
    const [a, b, c] = res.body.links as Array<Record<string, unknown>>;
    expect(a).toMatchObject({ email: fresh, unsubscribe_url: expect.any(String) });
    expect(b).toEqual({ email: `${name}@sec.example`, suppressed: true, reason: 'erased' });
    // Presend already refuses a bounced address; its links still work, and store nothing new.
    expect(c).toMatchObject({ email: bounced, unsubscribe_url: expect.any(String) });
    expect(await contactCount()).toBe(before + 2);
  });

  it('is rejected by an import', async () => {
    const name = local('erased');
    await erase(`${name}@sec.example`);
    const rejected: RejectedRow[] = [];
    const summary = await importContacts(
      { ...domainContext(env.deps), writer: createImportWriter(env.deps.db) },
      readCsv([['email', ...spellingsOf(name).map((s) => `"${s}"`)].join('\n')]),
      { topic, source: 'old crm', onReject: (r) => void rejected.push(r) },
    );
    expect(summary).toMatchObject({ rows: 6, subscribed: 0, contactsCreated: 0 });
    expect(rejected.map((r) => r.reason)).toEqual(Array(6).fill('erased'));
  });
});

describe('an erased international address', () => {
  it('stays erased in its NFD, Unicode, upper-case and punycode spellings', async () => {
    const name = local('b\u00fccher');
    await erase(`${name}@b\u00fccher.example`);
    const spellings = [
      `${name}@b\u00fccher.example`,
      `${name.normalize('NFD')}@bu\u0308cher.example`,
      `${name.toUpperCase()}@B\u00dcCHER.EXAMPLE`,
      `${name}@xn--bcher-kva.example`,
      `${name}@XN--BCHER-KVA.example`,
    ];
    expect(await verdicts(spellings)).toEqual(Array(5).fill('erased'));
    for (const spelling of spellings) {
      expect((await call('POST', '/v1/contacts', { email: spelling })).status).toBe(409);
    }
  });

  it('is refused when its domain is not a valid international name: 400, never 500', async () => {
    for (const email of [
      'jan@xn--zz.example',
      'jan@１２３.４５',
      'jan@b\u00fc%63her.de',
      'jan@b\u00fccher.de:80',
    ]) {
      const res = await call('POST', '/v1/contacts', { email });
      expect(res.status, email).toBe(400);
      expect((res.body.error as { code: string }).code).toBe('validation_failed');
    }
    expect(await verdicts(['jan@xn--zz.example', 'jan@１２３.４５'])).toEqual([
      'invalid_email',
      'invalid_email',
    ]);
  });
});

describe('entries stored before addresses had one canonical form', () => {
  /** An erasure as older versions stored it: the hash of the address trimmed and lower-cased. */
  async function legacyErasure(typed: string) {
    await env.deps.db.insert(suppressions).values({
      emailHash: emailHash(SUPPRESSION_KEY, typed.trim().toLowerCase()),
      reason: 'erased',
      source: 'api:before-canonical',
      createdAt: env.clock.now(),
    });
  }

  it('an IDN address erased under its Unicode spelling is found from every spelling', async () => {
    const name = local('legacy');
    await legacyErasure(`${name}@M\u00fcnchen.example`);
    const spellings = [
      `${name}@m\u00fcnchen.example`,
      `${name}@mu\u0308nchen.example`,
      `${name}@xn--mnchen-3ya.example`,
      `${name}@m\u00fcnchen.example\u200b`,
    ];
    expect(await verdicts(spellings)).toEqual(Array(4).fill('erased'));
    const res = await call('POST', '/v1/links', { email: `${name}@xn--mnchen-3ya.example`, topic }, linksKey);
    expect(res.status).toBe(409);
    const rejected: RejectedRow[] = [];
    await importContacts(
      { ...domainContext(env.deps), writer: createImportWriter(env.deps.db) },
      readCsv([`email\n${spellings.join('\n')}\n`]),
      {
        topic,
        source: 'old crm',
        onReject: (r) => void rejected.push(r),
      },
    );
    expect(rejected.map((r) => r.reason)).toEqual(Array(4).fill('erased'));
  });

  it('an address erased in an unusual spelling (NFD, an invisible character) still matches that spelling', async () => {
    const nfd = `${local('legacy')}@sec.example`.replace('legacy', 'lu\u0308gacy');
    const invisible = `${local('legacy')}\u200b@sec.example`;
    await legacyErasure(nfd);
    await legacyErasure(invisible);
    expect(await verdicts([nfd, invisible])).toEqual(['erased', 'erased']);
    const rejected: RejectedRow[] = [];
    await importContacts(
      { ...domainContext(env.deps), writer: createImportWriter(env.deps.db) },
      readCsv([`email\n${nfd}\n${invisible}\n`]),
      {
        topic,
        source: 'old crm',
        batchSize: 1,
        onReject: (r) => void rejected.push(r),
      },
    );
    expect(rejected.map((r) => r.reason)).toEqual(['erased', 'erased']);
  });
});

describe('bounces and complaints', () => {
  it('are kept under the canonical form, so every spelling of the address is refused', async () => {
    const name = local('bounce');
    const outcome = await handleDeliveryEvent({
      ctx: domainContext(env.deps),
      input: {
        provider: 'resend',
        event: {
          eventId: `evt_${name}`,
          type: 'email.bounced',
          bounceType: 'Permanent',
          recipients: [`${name.toUpperCase()}@B\u00dcCHER.example\u200b`],
        },
      },
    });
    expect(outcome).toBe('suppressed');
    const rows = await env.deps.db
      .select({ reason: suppressions.reason })
      .from(suppressions)
      .where(eq(suppressions.emailHash, emailHash(SUPPRESSION_KEY, `${name}@xn--bcher-kva.example`)));
    expect(rows).toEqual([{ reason: 'bounced' }]);
    expect(await verdicts([`${name}@xn--bcher-kva.example`, `${name}@bu\u0308cher.example`])).toEqual([
      'bounced',
      'bounced',
    ]);
  });
});
