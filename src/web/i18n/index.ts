// Picks the page language: `?lang=` (what the person chose with the language switch), else the
// contact's own locale, else Accept-Language, else English.
import type { Locale } from '../../domain/locales';
import { de } from './de';
import { en, type Messages } from './en';
import { fr } from './fr';
import { nl } from './nl';

// Every supported locale (domain/locales.ts) has its file: the type refuses a missing one.
export const messages = { en, nl, fr, de } satisfies Record<Locale, Messages>;
export type PageLocale = keyof typeof messages;
export type { Messages };

export function isPageLocale(value: unknown): value is PageLocale {
  return typeof value === 'string' && Object.hasOwn(messages, value);
}

export function chooseLocale(opts: {
  contactLocale?: string | null;
  query?: string | null;
  acceptLanguage?: string | null;
}): PageLocale {
  if (isPageLocale(opts.query)) return opts.query;
  if (isPageLocale(opts.contactLocale)) return opts.contactLocale;
  for (const tag of parseAcceptLanguage(opts.acceptLanguage ?? '')) {
    const base = tag.split('-')[0];
    if (isPageLocale(base)) return base;
  }
  return 'en';
}

/** Accept-Language's tags, most wanted first (q=0 left out). */
export function parseAcceptLanguage(header: string): string[] {
  return header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((l) => l.tag);
}

export function t(locale: PageLocale): Messages {
  return messages[locale];
}

/** Fills `{name}` placeholders in a message. The result is text: JSX escapes it when rendered. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
