// Texts of the admin-only console pages (API keys, webhook endpoints), in English and Dutch.
import type { ConsoleLocale } from '../../../console/i18n';

const en = {
  keys: {
    title: 'API keys',
    intro:
      'Keys for mailing tools and scripts. A key is shown once, when it is made; only a hash of it is kept.',
    name: 'Name',
    prefix: 'Starts with',
    scopes: 'Scopes',
    created: 'Created',
    lastUsed: 'Last used',
    state: 'State',
    active: 'active',
    revoked: 'revoked {at}',
    never: 'never',
    revoke: 'Revoke {name}',
    newTitle: 'Make a key',
    scopeNames: {
      admin: 'admin: everything',
      presend: 'presend: ask who may be mailed',
      links: 'links: make unsubscribe and preference links',
    } as Record<string, string>,
    create: 'Make the key',
    secretTitle: 'Your new key',
    secretBody: 'Copy it now: it is not shown again.',
    revokedNotice: 'The key was revoked.',
    none: 'No keys yet.',
  },
  webhooks: {
    title: 'Webhook endpoints',
    intro:
      'Where mailprefs sends its events. Manage them with the API (POST /v1/webhooks); here you see how they are doing.',
    url: 'Address',
    state: 'State',
    enabled: 'receiving',
    disabled: 'disabled ({reason})',
    failingSince: 'failing since {since}',
    none: 'No webhook endpoints.',
    deliveries: 'Delivery log',
    event: 'Event',
    status: 'Status',
    attempts: 'Attempts',
    last: 'Last answer',
    retry: 'Send again',
    retried: 'The delivery is queued to be sent again.',
    noDeliveries: 'No deliveries yet.',
    back: 'All webhook endpoints',
    statuses: {
      pending: 'waiting',
      delivered: 'delivered',
      failed: 'failed',
      cancelled: 'cancelled',
    } as Record<string, string>,
  },
};

export type SettingsMessages = typeof en;

const nl: SettingsMessages = {
  keys: {
    title: 'API-sleutels',
    intro:
      'Sleutels voor mailprogramma’s en scripts. Een sleutel wordt één keer getoond, bij het maken; alleen een hash ervan wordt bewaard.',
    name: 'Naam',
    prefix: 'Begint met',
    scopes: 'Rechten',
    created: 'Gemaakt',
    lastUsed: 'Laatst gebruikt',
    state: 'Staat',
    active: 'actief',
    revoked: 'ingetrokken {at}',
    never: 'nooit',
    revoke: '{name} intrekken',
    newTitle: 'Een sleutel maken',
    scopeNames: {
      admin: 'admin: alles',
      presend: 'presend: vragen wie gemaild mag worden',
      links: 'links: afmeld- en voorkeurenlinks maken',
    },
    create: 'Sleutel maken',
    secretTitle: 'Uw nieuwe sleutel',
    secretBody: 'Kopieer hem nu: hij wordt niet meer getoond.',
    revokedNotice: 'De sleutel is ingetrokken.',
    none: 'Nog geen sleutels.',
  },
  webhooks: {
    title: 'Webhook-adressen',
    intro:
      'Waar mailprefs zijn gebeurtenissen heen stuurt. Beheer ze met de API (POST /v1/webhooks); hier ziet u hoe het ermee gaat.',
    url: 'Adres',
    state: 'Staat',
    enabled: 'ontvangt',
    disabled: 'uitgezet ({reason})',
    failingSince: 'mislukt sinds {since}',
    none: 'Geen webhook-adressen.',
    deliveries: 'Leveringen',
    event: 'Gebeurtenis',
    status: 'Status',
    attempts: 'Pogingen',
    last: 'Laatste antwoord',
    retry: 'Opnieuw sturen',
    retried: 'De levering staat klaar om opnieuw te worden gestuurd.',
    noDeliveries: 'Nog geen leveringen.',
    back: 'Alle webhook-adressen',
    statuses: { pending: 'wacht', delivered: 'afgeleverd', failed: 'mislukt', cancelled: 'geannuleerd' },
  },
};

export const settingsMessages: Record<ConsoleLocale, SettingsMessages> = { en, nl };
