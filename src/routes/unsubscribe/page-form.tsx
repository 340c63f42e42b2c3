// What the unsubscribe page's own forms (pause, the "why?" answer) check before anything
// changes: the link resolves, the POST came from our page (Origin / Sec-Fetch-Site) and its
// signed form token belongs to this link. The same checks as the undo and the preference forms.
import type { Context } from 'hono';
import type { AppDeps } from '../../deps';
import { isOwnPagePost } from '../../http/same-origin';
import { checkFormToken } from '../../links/form-token';
import { RefusedPage } from '../../web/pages/preferences';
import {
  invalidLinkPage,
  preferencesPath,
  type ResolvedLink,
  readForm,
  resolveLink,
  topicName,
} from './link';
import { StatusPage } from './views';

export interface CheckedPageForm {
  link: ResolvedLink;
  form: Record<string, string>;
  /** What every answer page shows. */
  common: {
    m: ResolvedLink['m'];
    brand: AppDeps['config']['brand'];
    topicName: string | null;
    preferencesUrl: string;
  };
}

/** The checked form, or the page that refuses it (nothing changed). */
export async function checkedPageForm(
  c: Context,
  deps: AppDeps,
  token: string,
): Promise<CheckedPageForm | Response> {
  const form = await readForm(c);
  const link = form ? await resolveLink(deps, c, token) : null;
  if (!form || !link) return invalidLinkPage(c, deps);
  const refused = () => c.html(<RefusedPage m={link.m} brand={deps.config.brand} />, 403);
  if (!isOwnPagePost(c, deps.config.publicUrl)) return refused();
  const checked = await checkFormToken(deps.signer, deps.clock, form.form_token ?? '', link.claims);
  if (checked === 'refused') return refused();
  const common = {
    m: link.m,
    brand: deps.config.brand,
    topicName: topicName(link),
    preferencesUrl: await preferencesPath(deps, link.contact.id),
  };
  if (checked === 'expired') {
    const text = link.m.unsubscribe.undoExpired;
    return c.html(<StatusPage {...common} title={link.m.errors.badRequestTitle} text={text} error />, 400);
  }
  return { link, form, common };
}
