import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentEvents } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { consentTrail } from '../../src/domain/consent';
import { ensureContact, findContactById } from '../../src/domain/contacts';
import { setPreferences, unsubscribeAll } from '../../src/domain/preferences';
import { createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function newContact() {
  return (await ensureContact({ ctx: domainContext(env.deps), input: { email: uniqueEmail() } })).contact;
}

describe('preference changes and the consent trail', () => {
  it('writes exactly one trail entry per real change and none for a no-op', async () => {
    const [a, b] = [await createTopic(env), await createTopic(env)];
    const contact = await newContact();
    const ctx = domainContext(env.deps);
    const consent = { source: 'test', ip: '192.0.2.55', userAgent: 'UA', wording: 'Yes, mail me' };

    const first = await setPreferences({
      ctx: ctx,
      input: {
        contactId: contact.id,
        changes: { [a]: 'subscribed', [b]: 'subscribed' },
        actor: 'subscriber',
        consent,
      },
    });
    expect(first.map((c) => c.topic).sort()).toEqual([a, b].sort());
    expect(
      await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } }),
    ).toHaveLength(2);

    const again = await setPreferences({
      ctx: ctx,
      input: {
        contactId: contact.id,
        changes: { [a]: 'subscribed', [b]: 'unsubscribed' },
        actor: 'subscriber',
        consent,
      },
    });
    expect(again).toEqual([{ topic: b, from: 'subscribed', to: 'unsubscribed' }]);
    const trail = await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } });
    expect(trail).toHaveLength(3);
    expect(trail[2]).toMatchObject({
      topicKey: b,
      action: 'unsubscribe',
      ip: '192.0.2.0',
      wording: 'Yes, mail me',
    });
    expect(trail[2].wordingHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a staff opt-in for someone who opted out, and lets the subscriber opt back in', async () => {
    const topic = await createTopic(env);
    const contact = await newContact();
    const ctx = domainContext(env.deps);
    const consent = { source: 'test' };
    await setPreferences({
      ctx: ctx,
      input: {
        contactId: contact.id,
        changes: { [topic]: 'subscribed' },
        actor: 'staff',
        consent,
      },
    });
    await setPreferences({
      ctx: ctx,
      input: {
        contactId: contact.id,
        changes: { [topic]: 'unsubscribed' },
        actor: 'staff',
        consent,
      },
    });
    await expect(
      setPreferences({
        ctx: ctx,
        input: {
          contactId: contact.id,
          changes: { [topic]: 'subscribed' },
          actor: 'staff',
          consent,
        },
      }),
    ).rejects.toMatchObject({ code: 'opted_out' });
    expect(
      await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } }),
    ).toHaveLength(2);
    const changes = await setPreferences({
      ctx: ctx,
      input: {
        contactId: contact.id,
        changes: { [topic]: 'subscribed' },
        actor: 'subscriber',
        consent,
      },
    });
    expect(changes).toHaveLength(1);
  });

  it('unsubscribes from everything with one entry, and a repeat changes nothing', async () => {
    const [a, b] = [await createTopic(env), await createTopic(env)];
    const contact = await newContact();
    const ctx = domainContext(env.deps);
    await setPreferences({
      ctx: ctx,
      input: {
        contactId: contact.id,
        changes: { [a]: 'subscribed', [b]: 'subscribed' },
        actor: 'subscriber',
        consent: { source: 'test' },
      },
    });
    expect(
      await unsubscribeAll({ ctx: ctx, input: { contactId: contact.id, consent: { source: 'test' } } }),
    ).toBe(true);
    expect(
      await unsubscribeAll({ ctx: ctx, input: { contactId: contact.id, consent: { source: 'test' } } }),
    ).toBe(false);
    const trail = await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } });
    expect(trail.map((e) => [e.topicKey, e.action])).toEqual([
      [a, 'subscribe'],
      [b, 'subscribe'],
      [null, 'unsubscribe_all'],
    ]);
    expect(
      (await findContactById({ ctx: domainContext(env.deps), input: { contactId: contact.id } }))
        ?.unsubscribedAllAt,
    ).toBeInstanceOf(Date);

    // Opting in to one topic again is an explicit choice that ends "unsubscribed from everything".
    await setPreferences({
      ctx: ctx,
      input: {
        contactId: contact.id,
        changes: { [a]: 'subscribed' },
        actor: 'subscriber',
        consent: { source: 'test' },
      },
    });
    expect(
      (await findContactById({ ctx: domainContext(env.deps), input: { contactId: contact.id } }))
        ?.unsubscribedAllAt,
    ).toBeNull();
  });

  it('keeps the trail append-only: an UPDATE is refused by the database', async () => {
    const topic = await createTopic(env);
    const contact = await newContact();
    await setPreferences({
      ctx: domainContext(env.deps),
      input: {
        contactId: contact.id,
        changes: { [topic]: 'subscribed' },
        actor: 'subscriber',
        consent: { source: 'original' },
      },
    });
    await expect(
      env.deps.db
        .update(consentEvents)
        .set({ source: 'forged' })
        .where(eq(consentEvents.contactId, contact.id)),
    ).rejects.toThrow();
    const [row] = await env.deps.db.all<{ source: string }>(
      sql`select source from consent_events where contact_id = ${contact.id}`,
    );
    expect(row.source).toBe('original');
  });
});
