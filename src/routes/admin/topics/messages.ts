// Texts of the console's topics pages, in English and Dutch.
import type { ConsoleLocale } from '../../../console/i18n';

const en = {
  title: 'Topics',
  intro:
    'What you mail people about. A topic is archived rather than deleted, so the consent trail keeps pointing at it.',
  key: 'Key',
  keyHint: 'Lower-case letters, digits, - and _; it cannot be changed later.',
  name: 'Name',
  nameIn: 'Name in {language}',
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
  languages: { en: 'English', nl: 'Dutch' } as Record<string, string>,
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
  languages: { en: 'Engels', nl: 'Nederlands' },
};

export const topicMessages: Record<ConsoleLocale, TopicMessages> = { en, nl };
