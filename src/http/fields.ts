// Request fields the HTTP schemas share. Built with the `z` of @hono/zod-openapi, so routes
// can call `.openapi()` on them whatever module happened to load first (a zod schema made
// before the OpenAPI extension is loaded has no `.openapi`). The rules themselves, what an
// address is and how it is normalised, stay in the domain (domain/email.ts).
import { z } from '@hono/zod-openapi';
import { isIsoDate } from '../domain/customer-relationship';
import { isValidEmail, MAX_EMAIL_LENGTH, normaliseEmail } from '../domain/email';

/** Any valid address, yielded in canonical form (normaliseEmail). */
export const emailField = z
  .string()
  .max(MAX_EMAIL_LENGTH * 2)
  .transform(normaliseEmail)
  .refine(isValidEmail, { message: 'must be a valid email address' });

/** A contact's id as the API gives it out (domain/contacts.ts `newContactId`). */
export const CONTACT_ID = /^c_[A-Za-z0-9_-]{1,64}$/;

/**
 * Which contact a path names: its id, or (for callers that only know it) its address. An
 * address never matches the id's pattern, since it holds an `@`.
 */
const NOT_A_CONTACT = 'must be a contact id (c_…) or a valid email address';

export const contactRefField = z
  .string()
  .max(MAX_EMAIL_LENGTH * 2, { message: NOT_A_CONTACT })
  .transform((value, ctx): { contactId: string } | { email: string } => {
    if (CONTACT_ID.test(value)) return { contactId: value };
    const email = normaliseEmail(value);
    if (isValidEmail(email)) return { email };
    ctx.addIssue({ code: 'custom', message: NOT_A_CONTACT });
    return z.NEVER;
  });

/** A calendar date written YYYY-MM-DD, as customer dates are (domain/customer-relationship.ts). */
export const customerDateField = z
  .string()
  .refine(isIsoDate, { message: 'must be a date written YYYY-MM-DD' })
  .openapi({ format: 'date' });

/**
 * Two fields of which a request gives exactly one. The schema says so in /openapi.json (a oneOf
 * of `required`), and validation names the fields for either mistake: neither, or both.
 */
export function exactlyOne<T extends z.ZodObject>(
  schema: T,
  [a, b]: [keyof z.infer<T> & string, keyof z.infer<T> & string],
  messages: { neither: string; both: string },
): T {
  return schema
    .superRefine((value, ctx) => {
      const has = (key: string) => (value as Record<string, unknown>)[key] !== undefined;
      if (has(a) && has(b)) ctx.addIssue({ code: 'custom', path: [b], message: messages.both });
      else if (!has(a) && !has(b)) ctx.addIssue({ code: 'custom', path: [a], message: messages.neither });
    })
    .openapi({ oneOf: [{ required: [a] }, { required: [b] }] }) as T;
}
