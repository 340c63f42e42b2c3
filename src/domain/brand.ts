// What a brand is, as plain values (brands.ts stores and finds them). Its own module, free of
// the database, so the mail and page layers can name the type without the lookups.
import type { Locale } from './locales';

export const DEFAULT_BRAND = 'default';
export const DEFAULT_ACCENT = '#1d4ed8';

export interface Brand {
  key: string;
  name: string;
  /** Where end pages link back to; only the environment's default brand may lack one. */
  websiteUrl: string | null;
  /** The origin its pages are served on, when it has its own (links are built on it). */
  publicUrl: string | null;
  logoUrl: string | null;
  accent: string;
  /** Sender of its mail; the environment's MAIL_FROM when null. */
  mailFrom: string | null;
  privacyPolicyUrl: string | null;
  privacyContact: string | null;
  defaultLocale: Locale;
}
