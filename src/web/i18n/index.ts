// Picks the page language: the contact's own locale, else `?lang=`, else Accept-Language,
// else English.
import { en, type Messages } from './en';
import { nl } from './nl';

export const messages = { en, nl } satisfies Record<string, Messages>;
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
  if (isPageLocale(opts.contactLocale)) return opts.contactLocale;
  if (isPageLocale(opts.query)) return opts.query;
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
