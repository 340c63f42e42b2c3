// Dutch texts of the console; the same keys as en.ts.
import type { ConsoleMessages } from './en';

export const nl: ConsoleMessages = {
  lang: 'nl',
  languageName: 'Nederlands',
  shell: {
    product: 'mailprefs-console',
    skipToContent: 'Naar de inhoud',
    navigation: 'Console',
    signedInAs: 'Ingelogd als {email} ({role})',
    signOut: 'Uitloggen',
    language: 'Taal',
    roles: { admin: 'beheerder', staff: 'medewerker' },
  },
  nav: {
    home: 'Overzicht',
    contacts: 'Contacten',
    requests: 'Verzoeken',
    topics: 'Onderwerpen',
    outbox: 'Uitgaande mail',
  },
  login: {
    title: 'Inloggen',
    email: 'E-mailadres',
    password: 'Wachtwoord',
    submit: 'Inloggen',
    wrong: 'Dit adres en wachtwoord horen niet bij een account. Controleer beide en probeer het opnieuw.',
    throttled: 'Te vaak mislukt. Wacht {minutes} minuten en probeer het dan opnieuw.',
    signedOut: 'U bent uitgelogd.',
    expired: 'Uw sessie is afgelopen. Log opnieuw in.',
  },
  home: {
    title: 'Overzicht',
    welcome: 'Welkom. Kies een onderdeel in het menu.',
  },
  errors: {
    forbiddenTitle: 'Niet voor uw rol',
    forbiddenBody: 'Alleen een beheerder kan dit doen. Vraag een beheerder in uw team als het moet gebeuren.',
    refusedTitle: 'Dit is niet gedaan',
    refusedBody:
      'Dit formulier is geweigerd, dus er is niets veranderd: het was te oud of kwam niet uit deze console. Laad de pagina opnieuw en probeer het nog eens.',
    notFoundTitle: 'Niet gevonden',
    notFoundBody: 'Er is niets op dit adres, of het bestaat niet meer.',
    badRequestTitle: 'Dit konden we niet lezen',
    badRequestBody:
      'Er ontbrak iets in het formulier of het was niet wat we verwachtten, dus er is niets veranderd. {detail}',
    conflictTitle: 'Dit kan nu niet',
    conflictBody: '{detail}',
    rateLimitedTitle: 'Te veel verzoeken',
    rateLimitedBody: 'Wacht {minutes} minuten en probeer het dan opnieuw.',
    unavailableTitle: 'Tijdelijk niet beschikbaar',
    unavailableBody:
      'De database kan nu niet antwoorden, en er is niets veranderd. Probeer het over een paar minuten opnieuw.',
    internalTitle: 'Er ging iets mis',
    internalBody: 'Er ging bij ons iets mis, en er is niets veranderd. Probeer het later opnieuw.',
    back: 'Terug naar het overzicht',
  },
};
