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
  basis: {
    consent: 'U ontvangt dit alleen omdat u er ja op hebt gezegd.',
    legitimate_interest: 'Dit sturen we aan klanten, tenzij zij zich afmelden.',
  },
};
