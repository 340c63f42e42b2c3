// English page texts. Every language file has exactly these keys (nl.ts is checked against
// this one by the type system); adding a language is one new file plus a line in index.ts.
export const en = {
  lang: 'en',
  languageName: 'English',
  common: {
    skipToContent: 'Skip to content',
    privacyPolicy: 'Privacy policy',
    privacyQuestions: 'Questions about your data?',
    poweredBy: 'Preferences managed for',
    invalidLinkTitle: 'This link does not work',
    invalidLinkBody:
      'The link may be incomplete or too old. Open the most recent email from us, or ask for a fresh link below.',
    requestNewLink: 'Get a new link',
    backToPreferences: 'Manage all your email preferences',
  },
  basis: {
    consent: 'You receive this only because you said yes to it.',
    legitimate_interest: 'We send this to customers unless they opt out.',
  },
} as const;

type Widen<T> = T extends string ? string : { [K in keyof T]: Widen<T[K]> };
export type Messages = Widen<typeof en>;
