// The languages pages and mail come in. Its own module (no database imports), so the import's
// worker thread can validate locales without loading the ORM.
export const supportedLocales = ['en', 'nl', 'fr', 'de'] as const;
export type Locale = (typeof supportedLocales)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (supportedLocales as readonly string[]).includes(value);
}
