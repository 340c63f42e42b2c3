// Contacts stored before addresses had one canonical form keep matching: at the next start
// their address and its keyed hash are rewritten, once. Two old rows that are one address in
// canonical form are reported, and the one that keeps the address takes over the other's
// opt-outs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { contacts, serviceMeta } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { ADDRESS_FORM } from '../../src/domain/canonical-addresses';
import { ensureContact } from '../../src/domain/contacts';
import { setPreferences } from '../../src/domain/preferences';
import { runRetentionJob } from '../../src/jobs/retention';
import { createLogger, silentLogger } from '../../src/logger';
import { createKey, createTestEnv, createTopic, SUPPRESSION_KEY, type TestEnv } from '../support/harness';
import { emailHash } from '../support/hashes';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-canonical-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A contact row as versions before canonical addresses wrote it: trimmed and lower-cased. */
async function oldContact(
  env: TestEnv,
  typed: string,
  statuses: Record<string, 'subscribed' | 'unsubscribed'>,
) {
  const email = typed.trim().toLowerCase();
  // ensureContact stores the address it is given, as it did then.
  const { contact } = await ensureContact({ ctx: domainContext(env.deps), input: { email } });
  await setPreferences({
    ctx: domainContext(env.deps),
    input: {
      contactId: contact.id,
      changes: statuses,
      actor: 'subscriber',
      consent: { source: 'old' },
    },
  });
  const [row] = await env.deps.db.select().from(contacts).where(eq(contacts.id, contact.id));
  expect(row).toMatchObject({ email, emailHash: emailHash(SUPPRESSION_KEY, email) });
  return contact.id;
}

describe('contacts stored before canonical addresses', () => {
  it('are rewritten at the next start, once, and every spelling finds them', async () => {
    const dbPath = join(dir, 'old.db');
    let env = await createTestEnv({ dbPath });
    const news = await createTopic(env);
    const idn = await oldContact(env, 'Jan@Bücher.example', { [news]: 'subscribed' });
    const nfd = await oldContact(env, 'lu\u0308gacy@example.nl', { [news]: 'subscribed' });
    const invisible = await oldContact(env, 'zero\u200b@example.nl', { [news]: 'subscribed' });
    // One person, twice: subscribed under one spelling, opted out under the other.
    const kept = await oldContact(env, 'dup@example.nl', { [news]: 'subscribed' });
    const left = await oldContact(env, 'dup\u00ad@example.nl', { [news]: 'unsubscribed' });
    const invalid = await oldContact(env, 'bad@ex\u00e4mple.xn--zz', { [news]: 'subscribed' });
    // As if written by the version before: no mark that the rewrite was done.
    await env.deps.db.delete(serviceMeta).where(eq(serviceMeta.key, ADDRESS_FORM));
    env.close();

    const lines: string[] = [];
    env = await createTestEnv({ dbPath, logger: createLogger('info', (line) => lines.push(line)) });
    try {
      const byId = async (id: string) =>
        (await env.deps.db.select().from(contacts).where(eq(contacts.id, id)))[0];
      for (const [id, email] of [
        [idn, 'jan@xn--bcher-kva.example'],
        [nfd, 'l\u00fcgacy@example.nl'],
        [invisible, 'zero@example.nl'],
      ]) {
        expect(await byId(id)).toMatchObject({ email, emailHash: emailHash(SUPPRESSION_KEY, email) });
      }
      expect((await byId(left)).email).toBe('dup\u00ad@example.nl');
      expect((await byId(invalid)).email).toBe('bad@ex\u00e4mple.xn--zz');

      const presendKey = await createKey(env);
      const res = await env.api(
        'POST',
        '/v1/presend',
        {
          topic: news,
          recipients: [
            'JAN@BÜCHER.example',
            'jan@xn--bcher-kva.example',
            'lu\u0308gacy@example.nl',
            'zero@example.nl',
            'dup@example.nl',
          ],
        },
        { key: presendKey },
      );
      const verdicts = ((await res.json()) as { results: Array<{ reason?: string }> }).results;
      expect(verdicts.map((v) => v.reason ?? 'send')).toEqual([
        'send',
        'send',
        'send',
        'send',
        'unsubscribed',
      ]);

      // The opt-out made under the other spelling now holds for the address, with its reason.
      const dup = (await (await env.api('GET', '/v1/contacts/dup%40example.nl')).json()) as {
        id: string;
        subscriptions: Record<string, string>;
        consent_trail: Array<Record<string, unknown>>;
      };
      expect(dup.id).toBe(kept);
      expect(dup.subscriptions).toEqual({ [news]: 'unsubscribed' });
      expect(dup.consent_trail.at(-1)).toMatchObject({
        action: 'unsubscribe',
        source: 'address-merge',
        note: expect.stringContaining(left),
      });

      const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(logged).toContainEqual(
        expect.objectContaining({
          msg: 'stored addresses put in canonical form',
          rewritten: 3,
          duplicates: 1,
          invalid: 1,
        }),
      );
      expect(logged).toContainEqual(expect.objectContaining({ level: 'warn', kept, left }));
      expect(logged).toContainEqual(expect.objectContaining({ level: 'warn', contact: invalid }));
      expect(lines.join('\n')).not.toMatch(/example\.(nl|example)|@/);
    } finally {
      env.close();
    }

    // Done once: the next start finds the mark and rewrites nothing.
    lines.length = 0;
    env = await createTestEnv({ dbPath, logger: createLogger('info', (line) => lines.push(line)) });
    env.close();
    expect(lines.filter((l) => l.includes('canonical'))).toEqual([]);
  });

  it('are rewritten by the daily retention run too, for a Worker, which has no start', async () => {
    const env = await createTestEnv();
    try {
      const news = await createTopic(env);
      const id = await oldContact(env, 'Worker@Bücher.example', { [news]: 'subscribed' });
      await env.deps.db.delete(serviceMeta).where(eq(serviceMeta.key, ADDRESS_FORM));
      await runRetentionJob({ ...env.deps, logger: silentLogger });
      const [row] = await env.deps.db.select().from(contacts).where(eq(contacts.id, id));
      expect(row.email).toBe('worker@xn--bcher-kva.example');
    } finally {
      env.close();
    }
  });
});
