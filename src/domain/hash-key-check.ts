// The suppression-hash key belongs to the data it hashed: with another key every entry of the
// suppression list (erasures included) silently stops matching, and presend clears addresses
// it must refuse. So the data keeps a fingerprint of its key (an HMAC of a fixed label under
// the key, never the key), and every entry point checks the configured key against it before
// it hashes anything. The natural mistake it catches: moving secrets from data/secrets.json to
// the environment and generating a new SUPPRESSION_HASH_KEY on the way.
import { eq, ne } from 'drizzle-orm';
import { contacts, serviceMeta } from '../db/schema';
import type { DomainContext } from './context';

export const KEY_FINGERPRINT = 'suppression_hash_key_fingerprint';
/** Contacts whose stored hash a database without a fingerprint is checked against. */
const SAMPLE = 8;

/** What the check needs: it runs at start-up, before anything else is built. */
type CheckContext = Pick<DomainContext, 'db' | 'clock' | 'hasher'>;

export type HashKeyCheck = { ok: true; recorded: boolean } | { ok: false; problem: string };

/**
 * Whether the hasher's key is the key the stored data was hashed with. A database without a
 * fingerprint (new, or from before fingerprints) is checked against the keyed hashes stored on
 * a few of its contacts, where it has any, and then gets the hasher's fingerprint. Database
 * errors propagate: a key that could not be checked is not a key that passed.
 */
export async function checkSuppressionHashKey({ ctx }: { ctx: CheckContext }): Promise<HashKeyCheck> {
  const fingerprint = ctx.hasher.fingerprint();
  const stored = await storedFingerprint(ctx);
  if (stored !== undefined)
    return stored === fingerprint ? { ok: true, recorded: false } : mismatch('fingerprint');

  const sample = await ctx.db
    .select({ email: contacts.email, emailHash: contacts.emailHash })
    .from(contacts)
    .where(ne(contacts.emailHash, ''))
    .limit(SAMPLE);
  if (sample.some((c) => ctx.hasher.hash(c.email) !== c.emailHash)) return mismatch('contacts');

  await ctx.db
    .insert(serviceMeta)
    .values({ key: KEY_FINGERPRINT, value: fingerprint, updatedAt: ctx.clock.now() })
    .onConflictDoNothing();
  // Another process starting at the same moment may have recorded its key first.
  return (await storedFingerprint(ctx)) === fingerprint
    ? { ok: true, recorded: true }
    : mismatch('fingerprint');
}

async function storedFingerprint(ctx: CheckContext): Promise<string | undefined> {
  const [row] = await ctx.db
    .select({ value: serviceMeta.value })
    .from(serviceMeta)
    .where(eq(serviceMeta.key, KEY_FINGERPRINT));
  return row?.value;
}

function mismatch(evidence: 'fingerprint' | 'contacts'): HashKeyCheck {
  const what =
    evidence === 'fingerprint'
      ? 'the key fingerprint stored in the database'
      : 'the keyed hashes stored on its contacts';
  return {
    ok: false,
    problem: [
      `SUPPRESSION_HASH_KEY is not the key this database's suppression list was made with (it does not match ${what}).`,
      'With another key every suppression, erasures included, would silently stop matching.',
      'Set SUPPRESSION_HASH_KEY to the original key (without it, the Node server uses suppressionHashKey from data/secrets.json).',
    ].join(' '),
  };
}
