// Texts of the admin-only console pages (API keys, connectors, webhook endpoints), in the
// console's four languages, one file each in i18n/.
import type { ConsoleLocale } from '../../../console/i18n';
import { de } from './i18n/de';
import { en, type SettingsMessages } from './i18n/en';
import { fr } from './i18n/fr';
import { nl } from './i18n/nl';

export type { SettingsMessages };

export const settingsMessages: Record<ConsoleLocale, SettingsMessages> = { en, nl, fr, de };
