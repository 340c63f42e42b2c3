// How the contact pages write times: in the console's language, in UTC (stated), so two staff
// members in different places read the same time.
import type { ConsoleLocale } from '../../../console/i18n';

const formats = new Map<string, Intl.DateTimeFormat>();

export function formatTime(at: Date, locale: ConsoleLocale): string {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    formats.set(locale, format);
  }
  return `${format.format(at)} UTC`;
}
