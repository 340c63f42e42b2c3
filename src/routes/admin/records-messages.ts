// Texts of the console pages for the dashboard, data requests and the local outbox, in the
// console's four languages (console/i18n), one file each in records-i18n/. Kept beside those
// pages rather than in the shell's catalogue; `recordsMessages[view.locale]` gives a page its section.
import type { ConsoleLocale } from '../../console/i18n';
import { de } from './records-i18n/de';
import { en, type RecordsMessages } from './records-i18n/en';
import { fr } from './records-i18n/fr';
import { nl } from './records-i18n/nl';

export type { RecordsMessages };

export const recordsMessages: Record<ConsoleLocale, RecordsMessages> = { en, nl, fr, de };
