// English page and mail texts. Every language file has exactly these keys (the type system
// checks each against this one, and test/web/messages.test.ts checks that none is left empty or
// in English); adding a language is one new file plus a line in index.ts and domain/locales.ts.
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
    deletedLinkTitle: 'Your data has been deleted',
    deletedLinkBody:
      'The data this link belonged to has been deleted, so there is nothing left to change here. We keep no preferences for this address any more.',
    backToPreferences: 'Manage all your email preferences',
    languageSwitch: 'Language',
    backToWebsite: 'Go to the {brand} website',
  },
  // The pages the error layer shows on the browser routes instead of a JSON error.
  errors: {
    notFoundTitle: 'Page not found',
    notFoundBody:
      'There is no page at this address. The link may be incomplete: open it again from the email, or ask for a fresh link below.',
    methodTitle: 'This page cannot be opened this way',
    methodBody:
      'This address only works with the buttons on our pages. Open the link in your email again, or ask for a fresh link below.',
    signUpTitle: 'We could not sign you up',
    signUpBody:
      'Something in the sign-up form was missing or not accepted, so nothing was saved. Go back, check your email address and the topics you chose, and try again.',
    badRequestTitle: 'We could not read this',
    badRequestBody:
      'Something in the form was missing or not what we expected, so nothing changed. Reload the page and try again.',
    refusedTitle: 'We did not do this',
    refusedBody: 'This request was refused, so nothing changed. Open the link in your email again.',
    rateLimitedTitle: 'Too many requests',
    rateLimitedBody:
      'Many requests came from your network in a short time, so nothing changed. Please try again in {minutes} minutes.',
    unavailableTitle: 'Temporarily unavailable',
    unavailableBody:
      'We cannot show or save your email preferences right now, and nothing changed. Please try again in a few minutes.',
    internalTitle: 'Something went wrong',
    internalBody: 'Something went wrong on our side, and nothing changed. Please try again later.',
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
    confirmedAnyTime:
      'You can unsubscribe at any time with the link in every email, or change your choices on your preferences page.',
    linkInvalidBody:
      'The link may be incomplete or older than 7 days. To subscribe, sign up again on our website.',
    nothingTitle: 'Nothing to confirm',
    nothingBody:
      'This sign-up is no longer open, for example because you unsubscribed since. To subscribe, sign up again on our website.',
  },
  preferences: {
    title: 'Your email preferences',
    intro:
      'Choose which emails you want from us. Tick a topic to get it, untick it to stop. Nothing changes until you save.',
    addressLabel: 'Email address:',
    legend: 'Emails you can get from us',
    noTopics: 'There are no topics to choose from at the moment.',
    pending: 'Waiting for your confirmation: open the email we sent you and confirm. Untick to cancel.',
    unsubscribedAllNote:
      'You are unsubscribed from everything from {brand}. Tick a topic and save to get it again.',
    save: 'Save my choices',
    stopAllHeading: 'Stop all email from {brand}',
    stopAllHelp:
      'You will get no more mailings from {brand}, also not about topics added later. You can come back at any time by ticking a topic and saving.',
    unsubscribeAll: 'Unsubscribe from everything',
    unsubscribeAllWording:
      'Unsubscribe from everything from {brand}: no more mailings, also not about topics added later.',
    everyBrandHeading: 'Stop email from all our brands',
    everyBrandHelp:
      '{brand} is one of {brands}, all run by the same company. This stops the mailings of each of them, also about topics added later.',
    unsubscribeEveryBrand: 'Unsubscribe from all brands',
    unsubscribeEveryBrandWording:
      'Unsubscribe from everything from {brands}: no more mailings from any of them, also not about topics added later.',
    unsubscribedEveryBrand:
      'You are unsubscribed from everything from {brands}. You will get no more mailings from any of them.',
    saved: 'Your choices are saved.',
    nowReceive: 'You will now receive: {topics}.',
    noLongerReceive: 'You will no longer receive: {topics}.',
    basisHeading: 'Why we may send these',
    customerTag: 'Customer mail',
    nothingChanged: 'Nothing changed: these were already your choices.',
    unsubscribedAll:
      'You are unsubscribed from everything from {brand}. You will get no more mailings from {brand}.',
    formExpired:
      'This page was open for a long time, so we did not save anything. It is reloaded now: please make your choices again and save.',
    yourDataHeading: 'Your data',
    yourDataBody:
      'You can download everything we keep about you, or have it deleted. To have something corrected, contact us.',
    refusedTitle: 'We did not save this',
    refusedBody:
      'This form was sent from another website, so we ignored it and changed nothing. Open the link in your email to manage your preferences.',
    staleTitle: 'We did not save this',
    staleBody: 'This page is out of date, so we changed nothing. Reload the page and try again.',
    reload: 'Reload the page',
  },
  yourData: {
    downloadButton: 'Download my data',
    downloadHelp: 'A file (JSON) with your address, your choices and the record of every change to them.',
    deleteButton: 'Delete my data',
    deleteHelp: 'We ask you to confirm first.',
    confirmTitle: 'Delete your data?',
    confirmIntro: 'This deletes everything we keep about {email}:',
    confirmWhatContact: 'your email address and language,',
    confirmWhatChoices: 'your choice for each kind of email,',
    confirmWhatTrail: 'and the record of when and how you made those choices.',
    confirmKept:
      'One thing stays: a one-way code made from your address (not the address itself) on our do-not-mail list, so that we never email you again, not even if your address turns up in a list we import later.',
    confirmReceipt: 'We send one last email to this address to confirm the deletion.',
    confirmFinal: 'This cannot be undone.',
    confirmButton: 'Yes, delete my data',
    cancel: 'No, keep my data',
    deletedTitle: 'Your data is deleted',
    deletedBody: 'We deleted your data and sent a confirmation to {email}. This link no longer works.',
    deletedNoReceipt: 'We deleted your data. This link no longer works.',
    deletedKept:
      'Your address stays on our do-not-mail list only as a one-way code, so you will get no more email from us.',
    expired:
      'This page was open for a long time, so we did not delete anything. If you still want your data deleted, press the button again.',
    failedTitle: 'Nothing was deleted',
    failedBody:
      'We could not send the confirmation email, so we did not delete anything. Please try again in a few minutes.',
  },
  requestLink: {
    title: 'Get a link to your email preferences',
    intro:
      'Enter your email address and we will send you a link to your preferences. With that link you can change them without a password.',
    emailLabel: 'Email address',
    submit: 'Email me a link',
    sent: 'If we know this address, we have just sent a link to it. Check your inbox, and your spam folder too.',
    invalidEmail: 'Enter a valid email address, like name@example.com.',
    mailSubject: 'Your link to manage your email preferences',
    mailGreeting: 'Hello,',
    mailBody: 'You asked for a link to choose which emails you get from us. Open it here:',
    mailAction: 'Manage my email preferences',
    mailIgnore: 'Did you not ask for this? Then you can ignore this email; nothing changes.',
  },
  basis: {
    consent: 'Sent only to people who said yes to it.',
    legitimate_interest: 'We send this to customers unless they opt out.',
  },
  unsubscribe: {
    title: 'Unsubscribe from {topic}?',
    titleAll: 'Unsubscribe from all emails from {brand}?',
    intro: 'You will no longer receive {topic} at this address.',
    introAll:
      'You will no longer receive any mailings from {brand} at this address, including new ones started later.',
    button: 'Unsubscribe',
    buttonAll: 'Unsubscribe from everything',
    alreadyDone: 'You are already unsubscribed from {topic}.',
    alreadyDoneAll: 'You are already unsubscribed from all emails from {brand}.',
    doneTitle: 'You are unsubscribed',
    done: 'We have unsubscribed {email} from {topic}. You will get no more {topic} emails.',
    doneAll: 'We have unsubscribed {email} from all {brand} mailings, including ones we start later.',
    addressLine: 'This concerns {email}.',
    orAllHeading: 'Or stop everything',
    orAllHelp: 'Stop all our mailings to this address, also about topics we add later.',
    undoQuestion: 'Clicked by mistake?',
    undoButton: 'Subscribe again',
    undoWording: 'I want to receive {topic} again.',
    undoneTitle: 'You are subscribed again',
    undone: 'You will receive {topic} again.',
    undoneNothing: 'There was nothing to restore. You can choose what you receive on your preferences page.',
    undoExpired:
      'This page was open for a long time, so we did not change anything. You can choose what you receive on your preferences page.',
    listSeparator: ', ',
  },
  // The optional question after an unsubscribe, and its answers.
  leave: {
    legend: 'Would you tell us why? (optional)',
    too_many: 'I get too many emails',
    not_relevant: 'The emails are not relevant to me',
    never_signed_up: 'I never signed up for these emails',
    other: 'Another reason',
    submit: 'Send my answer',
    thanksTitle: 'Thank you',
    thanks: 'Thank you for telling us. We keep your answer with your unsubscribe.',
    answered: 'We already have your answer for this unsubscribe, so we kept it as it was.',
    none: 'We found no unsubscribe to add your answer to, so nothing was saved.',
    missing: 'Choose one of the answers first, or simply close this page: answering is optional.',
  },
  // "Pause all mail" instead of leaving, on the preference and unsubscribe pages.
  pause: {
    heading: 'Rather take a break?',
    help: 'Pause all our mail for a while instead of leaving. Your choices stay as they are, and the mail starts again by itself when the pause ends.',
    legend: 'Pause all mail for',
    months1: '1 month',
    months3: '3 months',
    months6: '6 months',
    button: 'Pause my mail',
    wording: 'Pause all mail until {date}.',
    pausedTitle: 'Your mail is paused',
    pausedUntil:
      'You will get no mail from us until {date}. After that your mail starts again by itself, as you chose it.',
    activeNote: 'Your mail is paused until {date}.',
    resumeButton: 'Resume my mail now',
    resumedTitle: 'Your mail is back on',
    resumed: 'The pause has ended: from now on you receive the emails you chose.',
    notPaused: 'Your mail was not paused, so nothing changed.',
    chooseLength: 'Choose how long to pause, then press the button again.',
  },
  // The mail the service sends itself. `{brand}` is the brand's name.
  mail: {
    footer: 'You get this email from {brand}.',
    confirmSubject: 'Please confirm your subscription to {brand}',
    confirmGreeting: 'Hello,',
    confirmAsked: 'Someone, hopefully you, asked to receive these emails from {brand}:',
    confirmAction: 'To confirm, open the link below and press the Confirm button:',
    confirmButton: 'Confirm my subscription',
    confirmValidity: 'The link works for 7 days.',
    confirmIgnore:
      'Did not ask for this? Then ignore this email. You will not be subscribed and will not hear from us again about it.',
    erasureSubject: 'Your personal data has been deleted',
    erasureGreeting: 'Hello,',
    erasureDeleted:
      'As you asked, {brand} has deleted the personal data it held about this email address: your details, your mailing choices and the record of those choices.',
    erasureKept:
      'We keep one thing: a one-way code made from this address (not the address itself), so that we never email you again, not even if the address turns up in a list we import later.',
    erasureLast: 'This is the last email you will receive from us at this address.',
    erasureQuestions: 'Questions? Write to {contact}.',
  },
} as const;

type Widen<T> = T extends string ? string : { [K in keyof T]: Widen<T[K]> };
export type Messages = Widen<typeof en>;
