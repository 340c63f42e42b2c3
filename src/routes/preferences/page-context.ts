// What the preference pages share: choosing the page language, keeping `?lang=` on form
// actions and links, and the same-origin check for their forms.
import type { Context } from 'hono';
import type { AppDeps } from '../../deps';
import { isOwnPagePost } from '../../http/same-origin';
import { chooseLocale, isPageLocale, type Messages, type PageLocale, t } from '../../web/i18n';

/** The contact's locale, else `?lang=`, else Accept-Language, else English. */
export function pageLocale(c: Context, contactLocale?: string | null): PageLocale {
  return chooseLocale({
    contactLocale,
    query: c.req.query('lang'),
    acceptLanguage: c.req.header('accept-language'),
  });
}

export function pageMessages(c: Context, contactLocale?: string | null): Messages {
  return t(pageLocale(c, contactLocale));
}

/** `?lang=nl` when the page was asked for in a known language, so forms keep it. */
export function langSuffix(c: Context): string {
  const lang = c.req.query('lang');
  return isPageLocale(lang) ? `?lang=${lang}` : '';
}

export function fromOurOrigin(c: Context, deps: AppDeps): boolean {
  return isOwnPagePost(c, deps.config.publicUrl);
}
