// Contacts: one row per normalised address. Creating a contact never subscribes it to
// anything; subscriptions change only through preferences.ts, which writes the trail.
import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { randomBytes } from '../crypto/random';
import { contacts, subscriptions } from '../db/schema';
import { type ConsentEvent, consentTrail } from './consent';
import type { DomainContext, Op } from './context';
import { mergedCustomerDates } from './customer-relationship';
import { AppError } from './errors';
import type { Locale } from './locales';

export type Contact = typeof contacts.$inferSelect;
export type Subscription = typeof subscriptions.$inferSelect;

// Contact ids: `c_` and 12 characters, 7 for the creation time in milliseconds and 5 for a
// number that starts at a random point in each millisecond and then counts up by a random
// step. Time first, so that every index keyed by contact id (the contacts' own, the
// subscriptions' and the consent trail's) takes new contacts at its end: with fully random ids
// each of those inserts lands on a random page, which is what held a large import to a
// fraction of the engine's speed. The ids stay opaque, are not secrets (links carry them
// inside signed tokens) and keep the length the link-size budget counts on.
// The alphabet is base64url in ASCII order, so the database's text order is creation order.
const ID_ALPHABET = Array.from('-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz', (c) =>
  c.charCodeAt(0),
);
const ID_COUNT_LIMIT = 2 ** 30; // 5 characters
let idTime = 0;
let idCount = 0;
// `c_` and the 7 time characters (42 bits of milliseconds: until the year 2109), as char codes.
const idPrefix = [99, 95, 0, 0, 0, 0, 0, 0, 0];
let entropy: Uint8Array = new Uint8Array(0);
let entropyAt = 0;

/** 16 random bits, from a buffer refilled in blocks (one call per id would cost more than the id). */
function random16(): number {
  if (entropyAt + 2 > entropy.length) {
    entropy = randomBytes(4096);
    entropyAt = 0;
  }
  const value = entropy[entropyAt] | (entropy[entropyAt + 1] << 8);
  entropyAt += 2;
  return value;
}

/**
 * A new contact id, greater than every id this process made before (see the comment above).
 * Every place that creates contacts takes its ids from here.
 */
export function newContactId(): string {
  const now = Date.now();
  if (now > idTime) {
    idTime = now;
    // A random start in the lower half leaves room to count up within the millisecond.
    idCount = ((random16() << 13) ^ random16()) & (ID_COUNT_LIMIT / 2 - 1);
    setIdTime();
  } else {
    // Same millisecond (or the clock stepped back): count up; when the range is used up,
    // borrow the next millisecond, so ids never go backwards.
    idCount += 1 + random16();
    if (idCount >= ID_COUNT_LIMIT) {
      idTime += 1;
      idCount = random16();
      setIdTime();
    }
  }
  const n = idCount;
  const p = idPrefix;
  // One flat string from char codes: concatenation would build a rope that every later
  // comparison (sorting, Map keys) has to flatten, and costs several times more.
  return String.fromCharCode(
    p[0],
    p[1],
    p[2],
    p[3],
    p[4],
    p[5],
    p[6],
    p[7],
    p[8],
    ID_ALPHABET[n >>> 24],
    ID_ALPHABET[(n >>> 18) & 63],
    ID_ALPHABET[(n >>> 12) & 63],
    ID_ALPHABET[(n >>> 6) & 63],
    ID_ALPHABET[n & 63],
  );
}

function setIdTime(): void {
  for (let i = 0; i < 7; i++) idPrefix[2 + i] = ID_ALPHABET[Math.floor(idTime / 2 ** (6 * (6 - i))) % 64];
}

export async function findContactByEmail({
  ctx,
  input,
}: Op<{ email: string }>): Promise<Contact | undefined> {
  const [contact] = await ctx.db.select().from(contacts).where(eq(contacts.email, input.email));
  return contact;
}

export async function findContactById({
  ctx,
  input,
}: Op<{ contactId: string }>): Promise<Contact | undefined> {
  const [contact] = await ctx.db.select().from(contacts).where(eq(contacts.id, input.contactId));
  return contact;
}

/** Names a contact by its id (which keeps the address out of URLs) or by its canonical address. */
export type ContactRef = { contactId: string } | { email: string };

export async function requireContact({ ctx, input }: Op<ContactRef>): Promise<Contact> {
  const contact =
    'contactId' in input ? await findContactById({ ctx, input }) : await findContactByEmail({ ctx, input });
  if (!contact) throw new AppError('not_found', 'contact not found');
  return contact;
}

/**
 * Returns the contact for an address, creating it if needed (with its keyed suppression hash,
 * which every contact row carries; see the schema). A given locale replaces the stored one;
 * nothing else about an existing contact changes.
 */
export async function ensureContact({
  ctx,
  input,
}: Op<{ email: string; locale?: Locale }>): Promise<{ contact: Contact; created: boolean }> {
  const { email, locale } = input;
  const now = ctx.clock.now();
  const [inserted] = await ctx.db
    .insert(contacts)
    .values({
      id: newContactId(),
      email,
      emailHash: ctx.hasher.hash(email),
      locale: locale ?? null,
      createdAt: now,
      updatedAt: now,
      lastActivityAt: now,
    })
    .onConflictDoNothing({ target: contacts.email })
    .returning();
  if (inserted) return { contact: inserted, created: true };
  const existing = await findContactByEmail({ ctx, input: { email } });
  if (!existing) throw new AppError('conflict', 'contact was removed while it was being updated');
  return { contact: await withLocale(ctx, existing, locale, now), created: false };
}

/** The contact with `locale` stored, when one is given and differs; otherwise as it is. */
async function withLocale(ctx: DomainContext, contact: Contact, locale: Locale | undefined, now: Date) {
  if (!locale || contact.locale === locale) return contact;
  const [updated] = await ctx.db
    .update(contacts)
    .set({ locale, updatedAt: now })
    .where(eq(contacts.id, contact.id))
    .returning();
  return updated;
}

/**
 * Applies a change to a contact's customer dates (absent keeps a date, null clears it) and
 * returns the contact as stored. AppError validation_failed when the result would make no
 * relationship (customer-relationship.ts); nothing is written then.
 */
export async function setCustomerDates({
  ctx,
  input,
}: Op<{
  contact: Contact;
  change: { customerSince?: string | null; customerUntil?: string | null };
}>): Promise<Contact> {
  const { contact } = input;
  const merged = mergedCustomerDates(contact, input.change);
  if (merged.customerSince === contact.customerSince && merged.customerUntil === contact.customerUntil)
    return contact;
  const [updated] = await ctx.db
    .update(contacts)
    .set({ ...merged, updatedAt: ctx.clock.now() })
    .where(eq(contacts.id, contact.id))
    .returning();
  return updated;
}

/** The language a contact chose on one of their pages (the switch), kept once they save or act. */
export async function setContactLocale({
  ctx,
  input,
}: Op<{ contactId: string; locale: Locale }>): Promise<void> {
  await ctx.db
    .update(contacts)
    .set({ locale: input.locale, updatedAt: ctx.clock.now() })
    .where(
      and(eq(contacts.id, input.contactId), or(isNull(contacts.locale), ne(contacts.locale, input.locale))),
    );
}

export async function subscriptionsOf({ ctx, input }: Op<{ contactId: string }>): Promise<Subscription[]> {
  return ctx.db.select().from(subscriptions).where(eq(subscriptions.contactId, input.contactId));
}

export interface ContactDetails {
  contact: Contact;
  subscriptions: Subscription[];
  trail: ConsentEvent[];
}

export async function contactDetails({ ctx, input }: Op<{ contact: Contact }>): Promise<ContactDetails> {
  const contactId = input.contact.id;
  const [subs, trail] = await Promise.all([
    subscriptionsOf({ ctx, input: { contactId } }),
    consentTrail({ ctx, input: { contactId } }),
  ]);
  return { contact: input.contact, subscriptions: subs, trail };
}

/**
 * `ensureContact` for many addresses at once (the batch form of POST /v1/links): missing
 * contacts are inserted in chunks, nobody's subscriptions change. A given locale replaces the
 * stored one, as in `ensureContact`. Returns the contacts by canonical address.
 */
export async function ensureContacts({
  ctx,
  input,
}: Op<{ recipients: ReadonlyArray<{ email: string; locale?: Locale }> }>): Promise<Map<string, Contact>> {
  const now = ctx.clock.now();
  const wanted = new Map<string, Locale | undefined>();
  for (const r of input.recipients) wanted.set(r.email, r.locale ?? wanted.get(r.email));
  const emails = [...wanted.keys()];
  const found = new Map<string, Contact>();
  // 200 rows of 8 columns stays far below SQLite's limit on bound parameters.
  for (let i = 0; i < emails.length; i += 200) {
    const chunk = emails.slice(i, i + 200);
    await ctx.db
      .insert(contacts)
      .values(
        chunk.map((email) => ({
          id: newContactId(),
          email,
          emailHash: ctx.hasher.hash(email),
          locale: wanted.get(email) ?? null,
          createdAt: now,
          updatedAt: now,
          lastActivityAt: now,
        })),
      )
      .onConflictDoNothing({ target: contacts.email });
    for (const contact of await ctx.db.select().from(contacts).where(inArray(contacts.email, chunk))) {
      found.set(contact.email, contact);
    }
  }
  for (const [email, locale] of wanted) {
    const contact = found.get(email);
    if (!contact) throw new AppError('conflict', 'a contact was removed while it was being updated');
    found.set(email, await withLocale(ctx, contact, locale, now));
  }
  return found;
}

/**
 * Fills in the keyed hash of contacts stored before contacts carried one (migration 0003),
 * walking the table once in address order, `batchSize` rows per transaction. Presend is
 * correct without it (it hashes such addresses itself), only slower; the retention job calls
 * this. Returns how many contacts were filled in.
 */
export async function fillMissingEmailHashes({
  ctx,
  input = {},
}: {
  ctx: Pick<DomainContext, 'db' | 'hasher'>;
  input?: { batchSize?: number };
}): Promise<number> {
  const batchSize = input.batchSize ?? 1000;
  let after = '';
  let filled = 0;
  for (;;) {
    const rows = await ctx.db
      .select({ email: contacts.email })
      .from(contacts)
      .where(and(gt(contacts.email, after), eq(contacts.emailHash, '')))
      .orderBy(asc(contacts.email))
      .limit(batchSize);
    if (rows.length === 0) return filled;
    const pairs = rows.map(({ email }) => [email, ctx.hasher.hash(email)]);
    // Only rows still without a hash: a contact rewritten meanwhile keeps what it has.
    await ctx.db.run(sql`
      update contacts set email_hash = j.value ->> 1
      from json_each(${JSON.stringify(pairs)}) as j
      where contacts.email = j.value ->> 0 and contacts.email_hash = ''`);
    filled += rows.length;
    after = rows[rows.length - 1].email;
  }
}
