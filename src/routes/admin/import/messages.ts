// Texts of the console's import pages, in the console's four languages.
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

const fr: ImportMessages = {
  title: 'Importer des contacts',
  intro:
    'Envoyez un fichier CSV avec une ligne d’en-tête et une colonne email (locale, customer_since et customer_until sont facultatives), comme pour la ligne de commande. Les adresses désinscrites, en échec, ayant porté plainte ou effacées ne sont jamais réinscrites : elles figurent dans le fichier des lignes refusées.',
  limit:
    'Fichiers jusqu’à {size} Ko ici ; les fichiers plus volumineux passent par la ligne de commande (npx mailprefs import).',
  file: 'Fichier CSV',
  topic: 'Sujet',
  basis: 'Base légale des inscriptions',
  basisTopic: 'La base légale du sujet',
  bases: { consent: 'Consentement', legitimate_interest: 'Intérêt légitime (clients)' },
  source: 'Provenance des adresses',
  sourceHint:
    'Avec vos mots, par exemple « Export CRM mars 2026 » ; c’est conservé dans l’historique du consentement.',
  submit: 'Importer',
  noTopics: 'Créez d’abord un sujet.',
  jobTitle: 'Import de {file}',
  running: 'Import en cours… {rows} lignes jusqu’ici.',
  check: 'Voir l’avancement',
  done: 'Terminé : {rows} lignes.',
  failed: 'L’import s’est arrêté : {reason}',
  subscribed: 'Inscrits',
  unchanged: 'Déjà inscrits',
  created: 'Nouveaux contacts',
  rejected: 'Refusées',
  rejects: 'Télécharger les lignes refusées (CSV)',
  progress: 'Avancement',
  gone: 'Cet import n’est plus affiché (les imports sont conservés une heure).',
  another: 'Importer un autre fichier',
  link: 'Lien vers cet import',
};

const de: ImportMessages = {
  title: 'Kontakte importieren',
  intro:
    'Laden Sie eine CSV-Datei mit einer Kopfzeile und einer Spalte email hoch (locale, customer_since und customer_until sind optional), wie für die Befehlszeile. Adressen, die sich abgemeldet haben, unzustellbar waren, sich beschwert haben oder gelöscht wurden, werden nie wieder angemeldet: Sie stehen in der Datei der abgelehnten Zeilen.',
  limit: 'Dateien bis {size} KB hier; größere Dateien über die Befehlszeile (npx mailprefs import).',
  file: 'CSV-Datei',
  topic: 'Thema',
  basis: 'Rechtsgrundlage der Anmeldungen',
  basisTopic: 'Die Rechtsgrundlage des Themas',
  bases: { consent: 'Einwilligung', legitimate_interest: 'Berechtigtes Interesse (Kunden)' },
  source: 'Woher die Adressen stammen',
  sourceHint: 'In Ihren Worten, z. B. „CRM-Export März 2026“; das wird im Einwilligungsverlauf aufbewahrt.',
  submit: 'Importieren',
  noTopics: 'Legen Sie zuerst ein Thema an.',
  jobTitle: 'Import von {file}',
  running: 'Import läuft… bisher {rows} Zeilen.',
  check: 'Fortschritt ansehen',
  done: 'Fertig: {rows} Zeilen.',
  failed: 'Der Import wurde abgebrochen: {reason}',
  subscribed: 'Angemeldet',
  unchanged: 'Bereits angemeldet',
  created: 'Neue Kontakte',
  rejected: 'Abgelehnt',
  rejects: 'Abgelehnte Zeilen herunterladen (CSV)',
  progress: 'Fortschritt',
  gone: 'Dieser Import wird nicht mehr angezeigt (Importe werden eine Stunde aufbewahrt).',
  another: 'Eine weitere Datei importieren',
  link: 'Link zu diesem Import',
};

export const importMessages: Record<ConsoleLocale, ImportMessages> = { en, nl, fr, de };
