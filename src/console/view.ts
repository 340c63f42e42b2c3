// What a console page renders with: the messages in the request's language, the signed-in user
// (when there is one), this page's CSRF token and a way to build links that keep `?lang=`.
import type { Context } from 'hono';
import type { Config } from '../config';
import type { AppDeps } from '../deps';
import type { SignedInStaff } from '../domain/staff-sessions';
import type { AppEnv } from '../http/router';
import { issueCsrfToken } from './csrf';
import { type ConsoleLocale, type ConsoleMessages, chooseConsoleLocale, consoleMessages } from './i18n';

export interface ConsoleView {
  m: ConsoleMessages;
  locale: ConsoleLocale;
  brand: Config['brand'];
  /** The signed-in user; absent on the sign-in page and on error pages before sign-in. */
  staff?: SignedInStaff;
  /** The token every form on the page carries (console/form.tsx puts it in). */
  csrf: string;
  /** The path this page was asked for, for the navigation's current-page mark. */
  path: string;
  /** Where the language switch goes: this page, or the overview for the answer to a form. */
  languagePath: string;
  /** A console path with the `?lang=` of this request kept, when it had one. */
  href(path: string): string;
}

export function localeOf(c: Context): ConsoleLocale {
  return chooseConsoleLocale(c.req.query('lang'), c.req.header('accept-language'));
}

/** The view for a page; the CSRF token is for the signed-in session (or the sign-in form). */
export async function consoleView(c: Context<AppEnv>, deps: AppDeps): Promise<ConsoleView> {
  const locale = localeOf(c);
  const staff = c.get('staff');
  const lang = c.req.query('lang') === locale ? locale : undefined;
  return {
    m: consoleMessages[locale],
    locale,
    brand: deps.config.brand,
    staff,
    csrf: await issueCsrfToken(deps, staff?.session.id),
    path: c.req.path,
    languagePath: c.req.method === 'GET' ? c.req.path : staff ? '/admin' : '/admin/login',
    href: (path) => (lang ? `${path}${path.includes('?') ? '&' : '?'}lang=${lang}` : path),
  };
}
