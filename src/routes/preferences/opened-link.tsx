// What every preference-center route does first: verify the link, load the contact behind it,
// and, for a POST, check that the form came from our page (origin and form token). The page
// itself and the data-rights routes (download, delete) share these steps so they refuse alike.
import type { Context } from 'hono';
import { type AppDeps, domainContext, softOptInOf } from '../../deps';
import { type Brand, hasSeveralBrands } from '../../domain/brands';
import { maskEmail } from '../../domain/email';
import { pausedUntil } from '../../domain/pause';
import { isTicked, type PreferenceView, preferenceView } from '../../domain/preference-center';
import { localise } from '../../domain/topics';
import { checkFormToken, type FormPurpose, issueFormToken } from '../../links/form-token';
import type { TokenClaims } from '../../links/signer';
import type { Messages } from '../../web/i18n';
import { DeletedDataPage, InvalidLinkPage } from '../../web/invalid-link';
import { brandNames, brokenLinkBrand, pageBrand } from '../../web/page-brand';
import { PreferencesPage, RefusedPage, StaleFormPage, type StatusMessage } from '../../web/pages/preferences';
import { fromOurOrigin, langSuffix, pageMessages, requestLinkPath } from './page-context';

export interface OpenedLink {
  token: string;
  link: TokenClaims;
  view: PreferenceView;
  /** The brand the link is for (its `brand` claim, else the default one). */
  brand: Brand;
}

/** Verifies the link and loads what the page shows, or says why the link does not work. */
export async function openLink(
  c: Context,
  deps: AppDeps,
  token: string,
): Promise<OpenedLink | 'invalid' | 'gone'> {
  let link: TokenClaims;
  try {
    link = await deps.signer.verify(token, 'preferences');
  } catch {
    return 'invalid';
  }
  const brand = await pageBrand(c, deps, link.brand);
  const view = await preferenceView({
    ctx: domainContext(deps),
    input: { contactId: link.contactId, softOptIn: softOptInOf(deps), brand: brand.key },
  });
  return view ? { token, link, view, brand } : 'gone';
}

/** 400 for a link that does not verify, 404 for one whose contact is gone (e.g. erased). */
export async function linkProblem(c: Context, deps: AppDeps, problem: 'invalid' | 'gone', token?: string) {
  const m = pageMessages(c);
  const brand = await brokenLinkBrand(c, deps, token, 'preferences');
  // A genuine link whose contact was erased: say the data was deleted, not that the link is old.
  if (problem === 'gone') return c.html(<DeletedDataPage m={m} brand={brand} />, 404);
  return c.html(
    <InvalidLinkPage m={m} brand={brand} requestLinkUrl={requestLinkPath(c, brand.key)} />,
    problem === 'invalid' ? 400 : 404,
  );
}

/** `/p/{token}` plus `sub` and the page language, for form actions and links. */
export function pagePath(c: Context, opened: OpenedLink, sub = ''): string {
  return `/p/${opened.token}${sub}${langSuffix(c)}`;
}

export async function renderPreferences(
  c: Context,
  deps: AppDeps,
  opened: OpenedLink,
  m: Messages,
  status?: StatusMessage,
) {
  const { view, brand } = opened;
  const several = await hasSeveralBrands({ ctx: deps });
  return (
    <PreferencesPage
      m={m}
      brand={brand}
      everyBrand={several ? await brandNames(deps) : undefined}
      maskedEmail={maskEmail(view.contact.email)}
      unsubscribedAll={view.contact.unsubscribedAllAt !== null}
      formAction={pagePath(c, opened)}
      downloadAction={pagePath(c, opened, '/export')}
      deleteAction={pagePath(c, opened, '/delete')}
      formToken={await issueFormToken(deps.signer, opened.link)}
      status={status}
      pausedUntil={pausedUntil(view.contact, deps.clock.now())}
      topics={view.topics.map(({ topic, status: s }) => ({
        key: topic.key,
        name: localise(topic.name, m.lang, brand.defaultLocale),
        description: localise(topic.description, m.lang, brand.defaultLocale),
        basis: topic.basis,
        status: s,
        ticked: isTicked(topic, s, view.contact, view.softOptIn),
      }))}
    />
  );
}

/**
 * 403 for a form POST that failed its checks: from another site, or with a form token that
 * is not good for this link. Only the first may say "another website".
 */
export async function refusedPage(
  c: Context,
  opened: OpenedLink,
  m: Messages,
  why: 'cross-site' | 'refused',
) {
  const { brand } = opened;
  return why === 'cross-site'
    ? c.html(<RefusedPage m={m} brand={brand} />, 403)
    : c.html(<StaleFormPage m={m} brand={brand} reloadUrl={pagePath(c, opened)} />, 403);
}

/**
 * The checks every form POST passes before anything is read or changed: it came from our own
 * page (else `cross-site`), and its form token belongs to this link (else `refused`).
 * `expired` is a genuine form left open too long; the caller shows its page again with a
 * fresh token.
 */
export async function checkForm(
  c: Context,
  deps: AppDeps,
  opened: OpenedLink,
  formToken: string,
  purpose: FormPurpose = 'form',
): Promise<'ok' | 'expired' | 'cross-site' | 'refused'> {
  if (!fromOurOrigin(c, deps)) return 'cross-site';
  return checkFormToken(deps.signer, deps.clock, formToken, opened.link, purpose);
}

/**
 * The start of every POST from the preference page itself (save, download, delete step 1):
 * the verified link and the page language, or the answer that refuses the request. A form
 * left open too long gets the page again with a fresh token and nothing done.
 */
export async function openPostedPage(
  c: Context,
  deps: AppDeps,
  token: string,
  formToken: string,
): Promise<{ opened: OpenedLink; m: Messages } | Response> {
  const opened = await openLink(c, deps, token);
  if (typeof opened === 'string') return linkProblem(c, deps, opened, token);
  const m = pageMessages(c, opened.view.contact.locale);
  const checked = await checkForm(c, deps, opened, formToken);
  if (checked === 'cross-site' || checked === 'refused') return refusedPage(c, opened, m, checked);
  if (checked === 'expired') {
    const status = { kind: 'error', text: m.preferences.formExpired } as const;
    return c.html(await renderPreferences(c, deps, opened, m, status), 400);
  }
  return { opened, m };
}
