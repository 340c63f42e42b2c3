// What the preference pages share: choosing the page language, keeping `?lang=` on form
// actions and links, and the same-origin check for their forms.
import type { Context } from 'hono';
import { type AppDeps, domainContext } from '../../deps';
import { setContactLocale } from '../../domain/contacts';
import { isOwnPagePost } from '../../http/same-origin';
import { chooseLocale, isPageLocale, type Messages, type PageLocale, t } from '../../web/i18n';
import { requestLinkHref } from '../../web/request-link-href';

/** `?lang=` (the language switch), else the contact's locale, else Accept-Language, else English. */
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

/** `/p` in this page's language (when asked for with `?lang=`) and the given brand. */
export function requestLinkPath(c: Context, brandKey: string | undefined): string {
  const lang = c.req.query('lang');
  return requestLinkHref(isPageLocale(lang) ? lang : undefined, brandKey);
}

/**
 * The language the person chose with the switch (`?lang=` on the form's action), to keep as the
 * contact's language when they save or act on the page.
 */
export async function keepChosenLanguage(c: Context, deps: AppDeps, contactId: string): Promise<void> {
  const lang = c.req.query('lang');
  if (isPageLocale(lang))
    await setContactLocale({ ctx: domainContext(deps), input: { contactId, locale: lang } });
}

export function fromOurOrigin(c: Context, deps: AppDeps): boolean {
  return isOwnPagePost(c, deps.config.publicUrl);
}
