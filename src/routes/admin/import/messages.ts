// Texts of the console's import pages, in English and Dutch.
import type { ConsoleLocale } from '../../../console/i18n';

const en = {
  title: 'Import contacts',
  intro:
    'Upload a CSV file with a header row and an email column (locale, customer_since and customer_until are optional), as for the command line. Addresses that unsubscribed, bounced, complained or were erased are never subscribed again: they are listed in the rejects file.',
  limit: 'Files up to {size} KB here; larger files go through the command line (npx mailprefs import).',
  file: 'CSV file',
  topic: 'Topic',
  basis: 'Legal basis of the subscriptions',
  basisTopic: "The topic's own basis",
  bases: { consent: 'Consent', legitimate_interest: 'Legitimate interest (customers)' } as Record<
    string,
    string
  >,
  source: 'Where the addresses come from',
  sourceHint: 'In your words, e.g. "CRM export March 2026"; it is kept in the consent trail.',
  submit: 'Import',
  noTopics: 'Create a topic first.',
  jobTitle: 'Import of {file}',
  running: 'Importing… {rows} rows so far.',
  check: 'Check progress',
  done: 'Done: {rows} rows.',
  failed: 'The import stopped: {reason}',
  subscribed: 'Subscribed',
  unchanged: 'Already subscribed',
  created: 'New contacts',
  rejected: 'Rejected',
  rejects: 'Download the rejected rows (CSV)',
  progress: 'Progress',
  gone: 'This import is no longer shown (imports are kept for an hour).',
  another: 'Import another file',
  link: 'Link to this import',
};

export type ImportMessages = typeof en;

const nl: ImportMessages = {
  title: 'Contacten importeren',
  intro:
    'Upload een CSV-bestand met een kopregel en een kolom email (locale, customer_since en customer_until mogen erbij), zoals voor de opdrachtregel. Adressen die zich afmeldden, onbestelbaar waren, klaagden of gewist zijn, worden nooit opnieuw ingeschreven: ze staan in het bestand met geweigerde regels.',
  limit: 'Bestanden tot {size} KB hier; grotere gaan via de opdrachtregel (npx mailprefs import).',
  file: 'CSV-bestand',
  topic: 'Onderwerp',
  basis: 'Rechtsgrond van de inschrijvingen',
  basisTopic: 'De rechtsgrond van het onderwerp',
  bases: { consent: 'Toestemming', legitimate_interest: 'Gerechtvaardigd belang (klanten)' },
  source: 'Waar de adressen vandaan komen',
  sourceHint: 'In uw woorden, bijvoorbeeld "CRM-export maart 2026"; het komt in het toestemmingsoverzicht.',
  submit: 'Importeren',
  noTopics: 'Maak eerst een onderwerp.',
  jobTitle: 'Import van {file}',
  running: 'Bezig met importeren… {rows} regels tot nu toe.',
  check: 'Voortgang bekijken',
  done: 'Klaar: {rows} regels.',
  failed: 'De import is gestopt: {reason}',
  subscribed: 'Ingeschreven',
  unchanged: 'Al ingeschreven',
  created: 'Nieuwe contacten',
  rejected: 'Geweigerd',
  rejects: 'Geweigerde regels downloaden (CSV)',
  progress: 'Voortgang',
  gone: 'Deze import wordt niet meer getoond (imports blijven een uur bewaard).',
  another: 'Nog een bestand importeren',
  link: 'Link naar deze import',
};

export const importMessages: Record<ConsoleLocale, ImportMessages> = { en, nl };
