// Puts contacts into the states presend judges, through the same domain functions the
// product uses (preferences.ts), plus direct suppression rows (keyed by hash, as stored).
import { suppressions } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { ensureContact } from '../../src/domain/contacts';
import { setPreferences, unsubscribeAll } from '../../src/domain/preferences';
import { createTestEnv, createTopic, SUPPRESSION_KEY, type TestEnv, uniqueEmail } from '../support/harness';
import { emailHash } from '../support/hashes';

const consent = { source: 'test', wording: 'Yes, mail me about this.' };

export async function contactWith(
  env: TestEnv,
  statuses: Record<string, 'subscribed' | 'unsubscribed' | 'pending'>,
  email = uniqueEmail(),
): Promise<string> {
  const { contact } = await ensureContact({ ctx: domainContext(env.deps), input: { email } });
  await setPreferences({
    ctx: domainContext(env.deps),
    input: {
      contactId: contact.id,
      changes: statuses,
      actor: 'subscriber',
      consent,
    },
  });
  return email;
}

/**
 * Records a customer relationship through the admin API (a current customer when `until` is
 * null), for a new address or an existing contact.
 */
export async function customer(
  env: TestEnv,
  since: string,
  until: string | null = null,
  email = uniqueEmail('customer'),
): Promise<string> {
  const res = await env.api('POST', '/v1/contacts', { email, customer_since: since, customer_until: until });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`customer: ${res.status} ${await res.text()}`);
  return email;
}

export async function unsubscribedFromAll(env: TestEnv, email = uniqueEmail()): Promise<string> {
  const { contact } = await ensureContact({ ctx: domainContext(env.deps), input: { email } });
  await unsubscribeAll({ ctx: domainContext(env.deps), input: { contactId: contact.id, consent } });
  return email;
}

export async function suppressed(
  env: TestEnv,
  reason: 'bounced' | 'complained' | 'erased',
  email = uniqueEmail(),
): Promise<string> {
  await env.deps.db
    .insert(suppressions)
    .values({
      emailHash: emailHash(SUPPRESSION_KEY, email.trim().toLowerCase()),
      reason,
      source: 'test',
      createdAt: env.clock.now(),
    })
    .onConflictDoNothing();
  return email;
}

export interface Verdict {
  email: string;
  send: boolean;
  reason?: string;
  scope?: string;
}

export interface BatchAnswer {
  topic: string;
  results: Verdict[];
  counts: { total: number; send: number; suppressed: number; by_reason: Record<string, number> };
}

export { createTestEnv, createTopic, uniqueEmail };

/** Archives an existing topic through the admin API. */
export async function archiveTopic(env: TestEnv, key: string): Promise<void> {
  const res = await env.api('PUT', `/v1/topics/${key}`, {
    name: { en: `Topic ${key}`, nl: `Onderwerp ${key}` },
    basis: 'consent',
    archived: true,
  });
  if (res.status !== 200) throw new Error(`archive: ${res.status}`);
}
