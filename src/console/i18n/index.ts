// The console's languages and how a request picks one: `?lang=`, else Accept-Language, else
// English. Separate from the public pages' catalogue (web/i18n), though in the same four languages.
import { fill, parseAcceptLanguage } from '../../web/i18n';
import { de } from './de';
import { type ConsoleMessages, en } from './en';
import { fr } from './fr';
import { nl } from './nl';

export const consoleMessages = { en, nl, fr, de } satisfies Record<string, ConsoleMessages>;
export type ConsoleLocale = keyof typeof consoleMessages;
export type { ConsoleMessages };
export { fill };

export function isConsoleLocale(value: unknown): value is ConsoleLocale {
  return typeof value === 'string' && Object.hasOwn(consoleMessages, value);
}

export function chooseConsoleLocale(
  query: string | null | undefined,
  acceptLanguage: string | null | undefined,
): ConsoleLocale {
  if (isConsoleLocale(query)) return query;
  for (const tag of parseAcceptLanguage(acceptLanguage ?? '')) {
    const base = tag.split('-')[0];
    if (isConsoleLocale(base)) return base;
  }
  return 'en';
}
