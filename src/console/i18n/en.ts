// English texts of the console (/admin). Kept apart from the public pages' messages
// (web/i18n): the console speaks to staff, in its own languages. nl.ts has exactly these keys
// (the type system checks it); a page adds its own section here and in nl.ts.
export const en = {
  lang: 'en',
  languageName: 'English',
  shell: {
    product: 'mailprefs console',
    skipToContent: 'Skip to content',
    navigation: 'Console',
    signedInAs: 'Signed in as {email} ({role})',
    signOut: 'Sign out',
    language: 'Language',
    roles: { admin: 'admin', staff: 'staff' },
  },
  nav: {
    home: 'Overview',
    contacts: 'Contacts',
    requests: 'Data requests',
    topics: 'Topics',
    outbox: 'Outbox',
  },
  login: {
    title: 'Sign in',
    email: 'Email address',
    password: 'Password',
    submit: 'Sign in',
    wrong: 'That address and password do not match an account. Check both and try again.',
    throttled: 'Too many failed sign-ins. Please wait {minutes} minutes and try again.',
    signedOut: 'You are signed out.',
    expired: 'Your session has ended. Please sign in again.',
  },
  home: {
    title: 'Overview',
    welcome: 'Welcome. Choose a section in the menu.',
  },
  errors: {
    forbiddenTitle: 'Not for your role',
    forbiddenBody: 'Only an admin can do this. Ask an admin of your team if it needs doing.',
    refusedTitle: 'We did not do this',
    refusedBody:
      'This form was refused, so nothing changed: it was too old or did not come from this console. Reload the page and try again.',
    notFoundTitle: 'Not found',
    notFoundBody: 'There is nothing at this address, or it no longer exists.',
    badRequestTitle: 'We could not read this',
    badRequestBody: 'Something in the form was missing or not what we expected, so nothing changed. {detail}',
    conflictTitle: 'This cannot be done now',
    conflictBody: '{detail}',
    rateLimitedTitle: 'Too many requests',
    rateLimitedBody: 'Please wait {minutes} minutes and try again.',
    unavailableTitle: 'Temporarily unavailable',
    unavailableBody: 'The database cannot answer right now, and nothing changed. Try again in a few minutes.',
    internalTitle: 'Something went wrong',
    internalBody: 'Something went wrong on our side, and nothing changed. Please try again later.',
    back: 'Back to the overview',
  },
};

export type ConsoleMessages = typeof en;
