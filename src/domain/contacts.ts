// Contacts: one row per normalised address. Creating a contact never subscribes it to
// anything; subscriptions change only through preferences.ts, which writes the trail.
import { eq, inArray } from 'drizzle-orm';
import { contacts, subscriptions } from '../db/schema';
import { type ConsentEvent, consentTrail } from './consent';
import type { DbOrTx, DomainContext } from './context';
import { AppError } from './errors';
import { randomId } from './hashing';

export type Contact = typeof contacts.$inferSelect;
export type Subscription = typeof subscriptions.$inferSelect;

export const supportedLocales = ['en', 'nl'] as const;
export type Locale = (typeof supportedLocales)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (supportedLocales as readonly string[]).includes(value);
}

export async function findContactByEmail(db: DbOrTx, email: string): Promise<Contact | undefined> {
  const [contact] = await db.select().from(contacts).where(eq(contacts.email, email));
  return contact;
}

export async function findContactById(db: DbOrTx, id: string): Promise<Contact | undefined> {
  const [contact] = await db.select().from(contacts).where(eq(contacts.id, id));
  return contact;
}

export async function requireContactByEmail(db: DbOrTx, email: string): Promise<Contact> {
  const contact = await findContactByEmail(db, email);
  if (!contact) throw new AppError('not_found', 'contact not found');
  return contact;
}

/**
 * Returns the contact for an address, creating it if needed. A given locale replaces the
 * stored one; nothing else about an existing contact changes.
 */
export async function ensureContact(
  { db, clock }: { db: DbOrTx; clock: DomainContext['clock'] },
  email: string,
  locale?: Locale,
): Promise<{ contact: Contact; created: boolean }> {
  const now = clock.now();
  const [inserted] = await db
    .insert(contacts)
    .values({
      id: randomId('c_', 9),
      email,
      locale: locale ?? null,
      createdAt: now,
      updatedAt: now,
      lastActivityAt: now,
    })
    .onConflictDoNothing({ target: contacts.email })
    .returning();
  if (inserted) return { contact: inserted, created: true };
  const existing = await findContactByEmail(db, email);
  if (!existing) throw new AppError('conflict', 'contact was removed while it was being updated');
  if (locale && existing.locale !== locale) {
    const [updated] = await db
      .update(contacts)
      .set({ locale, updatedAt: now })
      .where(eq(contacts.id, existing.id))
      .returning();
    return { contact: updated, created: false };
  }
  return { contact: existing, created: false };
}

export async function subscriptionsOf(db: DbOrTx, contactId: string): Promise<Subscription[]> {
  return db.select().from(subscriptions).where(eq(subscriptions.contactId, contactId));
}

export interface ContactDetails {
  contact: Contact;
  subscriptions: Subscription[];
  trail: ConsentEvent[];
}

export async function contactDetails(db: DbOrTx, contact: Contact): Promise<ContactDetails> {
  const [subs, trail] = await Promise.all([subscriptionsOf(db, contact.id), consentTrail(db, contact.id)]);
  return { contact, subscriptions: subs, trail };
}

/**
 * `ensureContact` for many addresses at once (the batch form of POST /v1/links): missing
 * contacts are inserted in chunks, nobody's subscriptions change. A given locale replaces the
 * stored one, as in `ensureContact`. Returns the contacts by normalised email.
 */
export async function ensureContacts(
  { db, clock }: { db: DbOrTx; clock: DomainContext['clock'] },
  recipients: Array<{ email: string; locale?: Locale }>,
): Promise<Map<string, Contact>> {
  const now = clock.now();
  const wanted = new Map<string, Locale | undefined>();
  for (const r of recipients) wanted.set(r.email, r.locale ?? wanted.get(r.email));
  const emails = [...wanted.keys()];
  const found = new Map<string, Contact>();
  // 200 rows of 7 columns stays far below SQLite's limit on bound parameters.
  for (let i = 0; i < emails.length; i += 200) {
    const chunk = emails.slice(i, i + 200);
    await db
      .insert(contacts)
      .values(
        chunk.map((email) => ({
          id: randomId('c_', 9),
          email,
          locale: wanted.get(email) ?? null,
          createdAt: now,
          updatedAt: now,
          lastActivityAt: now,
        })),
      )
      .onConflictDoNothing({ target: contacts.email });
    for (const contact of await db.select().from(contacts).where(inArray(contacts.email, chunk))) {
      found.set(contact.email, contact);
    }
  }
  for (const [email, locale] of wanted) {
    const contact = found.get(email);
    if (!contact) throw new AppError('conflict', 'a contact was removed while it was being updated');
    if (locale && contact.locale !== locale) {
      const [updated] = await db
        .update(contacts)
        .set({ locale, updatedAt: now })
        .where(eq(contacts.id, contact.id))
        .returning();
      found.set(email, updated);
    }
  }
  return found;
}
