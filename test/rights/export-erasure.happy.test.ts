import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportWriter } from '../../src/db/import-writer';
import { consentEvents, contacts, subscriptions, suppressions } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { readCsv } from '../../src/domain/csv';
import { eraseContact } from '../../src/domain/erasure';
import { exportContact } from '../../src/domain/export';
import { importContacts } from '../../src/domain/import';
import {
  createContact,
  createTestEnv,
  createTopic,
  SUPPRESSION_KEY,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';
import { emailHash, sha256Hex } from '../support/hashes';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ env: { BRAND_NAME: 'Voorbeeld BV', PRIVACY_CONTACT: 'privacy@voorbeeld.nl' } });
});
afterAll(() => env.close());

const path = (email: string) => `/v1/contacts/${encodeURIComponent(email)}`;

interface ExportDoc {
  schema: string;
  schema_version: number;
  contact: { id: string; email: string; locale: string | null };
  subscriptions: Array<{
    topic: string;
    status: string;
    legal_basis: string;
    topic_name: Record<string, string>;
  }>;
  consent_trail: Array<{
    id: number;
    topic: string | null;
    action: string;
    source: string;
    wording: string | null;
  }>;
  suppressions: Array<{ reason: string }>;
}

describe('access and portability', () => {
  it('an exported JSON document holds the contact, every subscription and the whole consent trail', async () => {
    const news = await createTopic(env, { name: { en: 'News', nl: 'Nieuws' } });
    const events = await createTopic(env, { basis: 'legitimate_interest' });
    const { email } = await createContact(env, { locale: 'nl', subscriptions: { [news]: 'subscribed' } });
    env.clock.advance(60_000);
    await env.api('POST', '/v1/contacts', { email, subscriptions: { [events]: 'subscribed' } });
    env.clock.advance(60_000);
    await env.api('POST', '/v1/contacts', { email, subscriptions: { [news]: 'unsubscribed' } });

    const res = await env.api('GET', `${path(email)}/export`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as ExportDoc;
    expect(doc).toMatchObject({ schema: 'mailprefs/contact-export', schema_version: 1 });
    expect(doc.contact).toMatchObject({ email, locale: 'nl' });
    expect(doc.subscriptions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          topic: news,
          status: 'unsubscribed',
          topic_name: { en: 'News', nl: 'Nieuws' },
        }),
        expect.objectContaining({ topic: events, status: 'subscribed', legal_basis: 'legitimate_interest' }),
      ]),
    );
    expect(doc.consent_trail.map((e) => [e.topic, e.action])).toEqual([
      [news, 'subscribe'],
      [events, 'subscribe'],
      [news, 'unsubscribe'],
    ]);
    expect(doc.consent_trail[0]).toMatchObject({
      source: 'test-factory',
      wording: 'I agree to receive these mailings.',
    });
    // The same trail the admin API shows, entry for entry.
    const full = (await (await env.api('GET', path(email))).json()) as { consent_trail: unknown[] };
    expect(doc.consent_trail).toEqual(full.consent_trail);
    expect(doc.suppressions).toEqual([]);
  });

  it('includes a suppression of the address, and the page can export by contact id', async () => {
    const { id, email } = await createContact(env);
    await env.deps.db.insert(suppressions).values({
      emailHash: emailHash(SUPPRESSION_KEY, email),
      reason: 'bounced',
      source: 'resend',
      createdAt: env.clock.now(),
    });
    const doc = await exportContact({ ctx: domainContext(env.deps), input: { contactId: id } });
    expect(doc.contact.email).toBe(email);
    expect(doc.suppressions).toMatchObject([{ reason: 'bounced', source: 'resend' }]);
  });
});

describe('erasure', () => {
  it('mails a receipt first, then removes contact, subscriptions and trail, keeping only a keyed hash', async () => {
    const topic = await createTopic(env);
    const { id, email } = await createContact(env, {
      locale: 'nl',
      subscriptions: { [topic]: 'subscribed' },
    });
    const before = env.outbox.sent.length;

    const res = await env.api('DELETE', path(email));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ erased: true, suppressed: true, receipt_sent: true });

    const receipt = env.outbox.sent.slice(before);
    expect(receipt).toHaveLength(1);
    expect(receipt[0]).toMatchObject({
      to: email,
      kind: 'erasure-receipt',
      subject: 'Uw persoonsgegevens zijn verwijderd',
    });
    expect(receipt[0].text).toContain('Voorbeeld BV');
    expect(receipt[0].text).toContain('privacy@voorbeeld.nl');

    const db = env.deps.db;
    expect(await db.select().from(contacts).where(eq(contacts.id, id))).toEqual([]);
    expect(await db.select().from(subscriptions).where(eq(subscriptions.contactId, id))).toEqual([]);
    expect(await db.select().from(consentEvents).where(eq(consentEvents.contactId, id))).toEqual([]);
    expect((await env.api('GET', path(email))).status).toBe(404);

    const rows = await db
      .select()
      .from(suppressions)
      .where(eq(suppressions.emailHash, emailHash(SUPPRESSION_KEY, email)));
    expect(rows).toMatchObject([{ reason: 'erased' }]);
    // A keyed HMAC, not a plain SHA-256 anyone could compute from a list of addresses.
    expect(
      await db
        .select()
        .from(suppressions)
        .where(eq(suppressions.emailHash, sha256Hex(email))),
    ).toEqual([]);
    const everything = JSON.stringify(await db.select().from(suppressions));
    expect(everything).not.toContain(email);
  });

  it('after erasure the address stays suppressed and a re-import does not resubscribe it', async () => {
    const topic = await createTopic(env);
    const { email } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    expect((await env.api('DELETE', path(email))).status).toBe(200);

    const rejected: string[] = [];
    const summary = await importContacts(
      { ...domainContext(env.deps), writer: createImportWriter(env.deps.db) },
      readCsv([`email\n${email.toUpperCase()}\n`]),
      { topic, source: 'old crm', onReject: (r) => void rejected.push(r.reason) },
    );
    expect(summary).toMatchObject({ subscribed: 0, rejected: 1, contactsCreated: 0 });
    expect(rejected).toEqual(['erased']);
    expect((await env.api('GET', path(email))).status).toBe(404);
  });

  it('is idempotent: a repeated request changes nothing and sends no second receipt', async () => {
    const { email } = await createContact(env);
    expect((await env.api('DELETE', path(email))).status).toBe(200);
    const sent = env.outbox.sent.length;
    const again = await env.api('DELETE', path(email));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ erased: false, suppressed: true, receipt_sent: false });
    expect(env.outbox.sent.length).toBe(sent);
  });

  it('suppresses an unknown address when asked to, and otherwise answers 404', async () => {
    const email = uniqueEmail('never-seen');
    const plain = await env.api('DELETE', path(email));
    expect(plain.status).toBe(404);
    expect(await plain.json()).toMatchObject({ error: { code: 'not_found' } });

    const sent = env.outbox.sent.length;
    const res = await env.api('DELETE', `${path(email)}?suppress=true`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ erased: false, suppressed: true, receipt_sent: false });
    expect(env.outbox.sent.length).toBe(sent);
    const rows = await env.deps.db
      .select()
      .from(suppressions)
      .where(eq(suppressions.emailHash, emailHash(SUPPRESSION_KEY, email)));
    expect(rows).toMatchObject([{ reason: 'erased' }]);
  });

  it('lets staff skip the receipt, and the preference center erase by contact id', async () => {
    const a = await createContact(env);
    const sent = env.outbox.sent.length;
    expect(await (await env.api('DELETE', `${path(a.email)}?notify=false`)).json()).toMatchObject({
      erased: true,
      receipt_sent: false,
    });
    expect(env.outbox.sent.length).toBe(sent);

    const b = await createContact(env, { locale: 'en' });
    const result = await eraseContact({
      ctx: domainContext(env.deps),
      input: { contactId: b.id, source: 'preference-center' },
    });
    expect(result).toEqual({ erased: true, suppressed: true, receiptSent: true });
    expect(env.outbox.sent.at(-1)).toMatchObject({
      to: b.email,
      subject: 'Your personal data has been deleted',
    });
  });
});
