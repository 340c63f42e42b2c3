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

/** A calendar date written YYYY-MM-DD, as customer dates are (domain/customer-relationship.ts). */
export const customerDateField = z
  .string()
  .refine(isIsoDate, { message: 'must be a date written YYYY-MM-DD' })
  .openapi({ format: 'date' });
