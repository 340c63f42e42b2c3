// How the console writes times, days and counts: in the page's language (Belgian French and
// German, as the public pages write them), times in UTC and saying so, so two staff members in
// different places read the same moment. Formats are built once per language and reused.
import type { ConsoleLocale } from './i18n';

const intlLocale: Record<ConsoleLocale, string> = { en: 'en-GB', nl: 'nl-NL', fr: 'fr-BE', de: 'de-BE' };

function cached<T>(make: (tag: string) => T): (locale: ConsoleLocale) => T {
  const made = new Map<ConsoleLocale, T>();
  return (locale) => {
    let value = made.get(locale);
    if (!value) {
      value = make(intlLocale[locale]);
      made.set(locale, value);
    }
    return value;
  };
}

const timeFormat = cached(
  (tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }),
);
const dayFormat = cached((tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' }));
const numberFormat = cached((tag) => new Intl.NumberFormat(tag));

/** A moment, to the minute, in UTC: "4 Dec 2026, 15:00 UTC", "4 déc. 2026, 15:00 UTC". */
export function formatTime(at: Date, locale: ConsoleLocale): string {
  return `${timeFormat(locale).format(at)} UTC`;
}

/** A calendar day kept as YYYY-MM-DD (a due date, a week's Monday): "14 Dec 2026", "14.12.2026". */
export function formatDay(isoDay: string, locale: ConsoleLocale): string {
  return dayFormat(locale).format(new Date(`${isoDay}T00:00:00Z`));
}

/** A count, with the language's digit grouping: 12,345 · 12.345 · 12 345. */
export function formatNumber(n: number, locale: ConsoleLocale): string {
  return numberFormat(locale).format(n);
}
