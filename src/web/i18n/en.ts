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
  subscribe: {
    checkInboxTitle: 'Check your inbox',
    checkInboxBody:
      'If the address can receive email from us, a message with a confirmation link is on its way. You are only subscribed after you press Confirm on the page that link opens.',
    confirmTitle: 'Confirm your subscription',
    confirmFor: 'This confirms a sign-up for {email}.',
    confirmAgree: 'Yes, I want to receive these emails:',
    confirmAnyTime: 'I can unsubscribe at any time with the link in every email.',
    confirmButton: 'Confirm',
    confirmedTitle: 'You are subscribed',
    confirmedBody: 'Thank you. You will receive:',
    linkInvalidBody:
      'The link may be incomplete or older than 7 days. To subscribe, sign up again on our website.',
    nothingTitle: 'Nothing to confirm',
    nothingBody:
      'This sign-up is no longer open, for example because you unsubscribed since. To subscribe, sign up again on our website.',
  },
  basis: {
    consent: 'You receive this only because you said yes to it.',
    legitimate_interest: 'We send this to customers unless they opt out.',
  },
  unsubscribe: {
    title: 'Unsubscribe from {topic}?',
    titleAll: 'Unsubscribe from all our emails?',
    intro: 'You will no longer receive {topic} at this address.',
    introAll:
      'You will no longer receive any of our mailings at this address, including new ones we start later.',
    button: 'Unsubscribe',
    buttonAll: 'Unsubscribe from everything',
    alreadyDone: 'You are already unsubscribed from {topic}.',
    alreadyDoneAll: 'You are already unsubscribed from all our emails.',
    doneTitle: 'You are unsubscribed',
    done: 'You will no longer receive {topic}. We have recorded this, so it stays that way.',
    doneAll: 'You will no longer receive any emails from us. We have recorded this, so it stays that way.',
    undoQuestion: 'Clicked by mistake?',
    undoButton: 'Subscribe again',
    undoWording: 'I want to receive {topic} again.',
    undoneTitle: 'You are subscribed again',
    undone: 'You will receive {topic} again.',
    undoneNothing: 'There was nothing to restore. You can choose what you receive on your preferences page.',
    listSeparator: ', ',
  },
} as const;

type Widen<T> = T extends string ? string : { [K in keyof T]: Widen<T[K]> };
export type Messages = Widen<typeof en>;
