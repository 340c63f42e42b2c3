// Nederlandse teksten. Same keys as en.ts.
import type { Messages } from './en';

export const nl: Messages = {
  lang: 'nl',
  languageName: 'Nederlands',
  common: {
    skipToContent: 'Naar de inhoud',
    privacyPolicy: 'Privacyverklaring',
    privacyQuestions: 'Vragen over uw gegevens?',
    poweredBy: 'Voorkeuren beheerd voor',
    invalidLinkTitle: 'Deze link werkt niet',
    invalidLinkBody:
      'De link is misschien onvolledig of te oud. Open de meest recente e-mail van ons, of vraag hieronder een nieuwe link aan.',
    requestNewLink: 'Nieuwe link aanvragen',
    backToPreferences: 'Al uw e-mailvoorkeuren beheren',
  },
  subscribe: {
    checkInboxTitle: 'Kijk in uw inbox',
    checkInboxBody:
      'Als dit adres e-mail van ons kan ontvangen, is er een bericht met een bevestigingslink onderweg. U bent pas aangemeld nadat u op Bevestigen drukt op de pagina die die link opent.',
    confirmTitle: 'Bevestig uw aanmelding',
    confirmFor: 'Hiermee bevestigt u een aanmelding voor {email}.',
    confirmAgree: 'Ja, ik wil deze e-mails ontvangen:',
    confirmAnyTime: 'Ik kan me altijd afmelden via de link in elke e-mail.',
    confirmButton: 'Bevestigen',
    confirmedTitle: 'U bent aangemeld',
    confirmedBody: 'Dank u. U ontvangt:',
    linkInvalidBody:
      'De link is misschien onvolledig of ouder dan 7 dagen. Meld u opnieuw aan op onze website om e-mails te ontvangen.',
    nothingTitle: 'Niets te bevestigen',
    nothingBody:
      'Deze aanmelding staat niet meer open, bijvoorbeeld omdat u zich intussen hebt afgemeld. Meld u opnieuw aan op onze website om e-mails te ontvangen.',
  },
  basis: {
    consent: 'U ontvangt dit alleen omdat u er ja op hebt gezegd.',
    legitimate_interest: 'Dit sturen we aan klanten, tenzij zij zich afmelden.',
  },
  unsubscribe: {
    title: 'Afmelden voor {topic}?',
    titleAll: 'Afmelden voor al onze e-mails?',
    intro: 'U ontvangt {topic} dan niet meer op dit adres.',
    introAll:
      'U ontvangt dan geen enkele mailing meer van ons op dit adres, ook geen nieuwe die we later beginnen.',
    button: 'Afmelden',
    buttonAll: 'Afmelden voor alles',
    alreadyDone: 'U bent al afgemeld voor {topic}.',
    alreadyDoneAll: 'U bent al afgemeld voor al onze e-mails.',
    doneTitle: 'U bent afgemeld',
    done: 'U ontvangt {topic} niet meer. We hebben dit vastgelegd, zodat het zo blijft.',
    doneAll: 'U ontvangt geen e-mails meer van ons. We hebben dit vastgelegd, zodat het zo blijft.',
    undoQuestion: 'Per ongeluk geklikt?',
    undoButton: 'Weer aanmelden',
    undoWording: 'Ik wil {topic} weer ontvangen.',
    undoneTitle: 'U bent weer aangemeld',
    undone: 'U ontvangt {topic} weer.',
    undoneNothing: 'Er was niets om terug te zetten. Op uw voorkeurenpagina kiest u zelf wat u ontvangt.',
    listSeparator: ', ',
  },
};
