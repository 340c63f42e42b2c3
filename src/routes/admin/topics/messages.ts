// Texts of the console's topics pages, in the console's four languages.
import type { ConsoleLocale } from '../../../console/i18n';

const en = {
  title: 'Topics',
  intro:
    'What you mail people about. A topic is archived rather than deleted, so the consent trail keeps pointing at it.',
  key: 'Key',
  keyHint: 'Lower-case letters, digits, - and _; it cannot be changed later.',
  name: 'Name',
  nameIn: 'Name in {language}',
  nameInOptional: 'Name in {language} (optional)',
  descriptionIn: 'Description in {language} (optional)',
  basis: 'Legal basis',
  bases: {
    consent: 'Consent: only people who opted in',
    legitimate_interest: 'Legitimate interest: existing customers, unless they opted out',
  },
  status: 'Status',
  active: 'active',
  archived: 'archived',
  archive: 'Archived (no longer mailed or shown on preference pages)',
  edit: 'Edit {topic}',
  newTitle: 'Create a topic',
  create: 'Create the topic',
  save: 'Save changes',
  created: 'The topic was created.',
  saved: 'Your changes were saved.',
  unchanged: 'Nothing changed.',
  basisTitle: 'Confirm the change of legal basis',
  basisWarning:
    'Changing the legal basis from "{from}" to "{to}" changes who may be mailed for this topic: presend answers differently for {count} contact(s). Nothing was saved yet.',
  basisConfirm: 'Yes, change the legal basis',
  exists: 'A topic with this key exists already; edit it instead.',
  none: 'No topics yet.',
  back: 'All topics',
  languages: { en: 'English', nl: 'Dutch', fr: 'French', de: 'German' } as Record<string, string>,
};

export type TopicMessages = typeof en;

const nl: TopicMessages = {
  title: 'Onderwerpen',
  intro:
    'Waarover u mensen mailt. Een onderwerp wordt gearchiveerd in plaats van verwijderd, zodat het toestemmingsoverzicht ernaar blijft wijzen.',
  key: 'Sleutel',
  keyHint: 'Kleine letters, cijfers, - en _; kan later niet meer veranderen.',
  name: 'Naam',
  nameIn: 'Naam in het {language}',
  nameInOptional: 'Naam in het {language} (niet verplicht)',
  descriptionIn: 'Beschrijving in het {language} (niet verplicht)',
  basis: 'Rechtsgrond',
  bases: {
    consent: 'Toestemming: alleen mensen die zich aanmeldden',
    legitimate_interest: 'Gerechtvaardigd belang: bestaande klanten, tenzij ze zich afmeldden',
  },
  status: 'Status',
  active: 'actief',
  archived: 'gearchiveerd',
  archive: 'Gearchiveerd (niet meer gemaild of op voorkeurenpagina’s getoond)',
  edit: '{topic} bewerken',
  newTitle: 'Een onderwerp maken',
  create: 'Onderwerp maken',
  save: 'Wijzigingen opslaan',
  created: 'Het onderwerp is gemaakt.',
  saved: 'Uw wijzigingen zijn opgeslagen.',
  unchanged: 'Er is niets veranderd.',
  basisTitle: 'Bevestig de wijziging van de rechtsgrond',
  basisWarning:
    'De rechtsgrond veranderen van "{from}" naar "{to}" verandert wie voor dit onderwerp gemaild mag worden: presend antwoordt anders voor {count} contact(en). Er is nog niets opgeslagen.',
  basisConfirm: 'Ja, verander de rechtsgrond',
  exists: 'Er bestaat al een onderwerp met deze sleutel; bewerk dat.',
  none: 'Nog geen onderwerpen.',
  back: 'Alle onderwerpen',
  languages: { en: 'Engels', nl: 'Nederlands', fr: 'Frans', de: 'Duits' },
};

const fr: TopicMessages = {
  title: 'Sujets',
  intro:
    'Ce sur quoi vous écrivez aux gens. Un sujet est archivé plutôt que supprimé, pour que l’historique du consentement continue d’y renvoyer.',
  key: 'Clé',
  keyHint: 'Lettres minuscules, chiffres, - et _ ; elle ne peut plus être modifiée ensuite.',
  name: 'Nom',
  nameIn: 'Nom en {language}',
  nameInOptional: 'Nom en {language} (facultatif)',
  descriptionIn: 'Description en {language} (facultatif)',
  basis: 'Base légale',
  bases: {
    consent: 'Consentement : uniquement les personnes qui se sont inscrites',
    legitimate_interest: 'Intérêt légitime : les clients existants, sauf s’ils se sont désinscrits',
  },
  status: 'Statut',
  active: 'actif',
  archived: 'archivé',
  archive: 'Archivé (plus envoyé ni affiché sur les pages de préférences)',
  edit: 'Modifier {topic}',
  newTitle: 'Créer un sujet',
  create: 'Créer le sujet',
  save: 'Enregistrer les modifications',
  created: 'Le sujet a été créé.',
  saved: 'Vos modifications ont été enregistrées.',
  unchanged: 'Rien n’a changé.',
  basisTitle: 'Confirmez le changement de base légale',
  basisWarning:
    'Passer la base légale de « {from} » à « {to} » change qui peut recevoir des e-mails pour ce sujet : presend répond autrement pour {count} contact(s). Rien n’a encore été enregistré.',
  basisConfirm: 'Oui, changer la base légale',
  exists: 'Un sujet avec cette clé existe déjà ; modifiez-le plutôt.',
  none: 'Pas encore de sujets.',
  back: 'Tous les sujets',
  languages: { en: 'anglais', nl: 'néerlandais', fr: 'français', de: 'allemand' },
};

const de: TopicMessages = {
  title: 'Themen',
  intro:
    'Worüber Sie Menschen schreiben. Ein Thema wird archiviert statt gelöscht, damit der Einwilligungsverlauf weiter darauf verweist.',
  key: 'Schlüssel',
  keyHint: 'Kleinbuchstaben, Ziffern, - und _; er lässt sich später nicht mehr ändern.',
  name: 'Name',
  nameIn: 'Name auf {language}',
  nameInOptional: 'Name auf {language} (optional)',
  descriptionIn: 'Beschreibung auf {language} (optional)',
  basis: 'Rechtsgrundlage',
  bases: {
    consent: 'Einwilligung: nur Personen, die sich angemeldet haben',
    legitimate_interest: 'Berechtigtes Interesse: bestehende Kunden, sofern sie sich nicht abgemeldet haben',
  },
  status: 'Status',
  active: 'aktiv',
  archived: 'archiviert',
  archive: 'Archiviert (wird nicht mehr verschickt und nicht mehr auf Einstellungsseiten angezeigt)',
  edit: '{topic} bearbeiten',
  newTitle: 'Ein Thema anlegen',
  create: 'Thema anlegen',
  save: 'Änderungen speichern',
  created: 'Das Thema wurde angelegt.',
  saved: 'Ihre Änderungen wurden gespeichert.',
  unchanged: 'Es hat sich nichts geändert.',
  basisTitle: 'Änderung der Rechtsgrundlage bestätigen',
  basisWarning:
    'Wenn Sie die Rechtsgrundlage von „{from}“ auf „{to}“ ändern, ändert sich, wer zu diesem Thema angeschrieben werden darf: presend antwortet für {count} Kontakt(e) anders. Es wurde noch nichts gespeichert.',
  basisConfirm: 'Ja, Rechtsgrundlage ändern',
  exists: 'Ein Thema mit diesem Schlüssel gibt es bereits; bearbeiten Sie stattdessen dieses.',
  none: 'Noch keine Themen.',
  back: 'Alle Themen',
  languages: { en: 'Englisch', nl: 'Niederländisch', fr: 'Französisch', de: 'Deutsch' },
};

export const topicMessages: Record<ConsoleLocale, TopicMessages> = { en, nl, fr, de };
