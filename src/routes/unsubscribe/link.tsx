// What the unsubscribe routes share: reading a token into its contact and topic, choosing the
// page language, reading a one-click or page form body, and the page headers.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type AppDeps, domainContext } from '../../deps';
import { contactAtBrand } from '../../domain/brand-scope';
import type { Brand } from '../../domain/brands';
import { type Contact, findContactById } from '../../domain/contacts';
import { AppError } from '../../domain/errors';
import { findTopic, localise, type Topic } from '../../domain/topics';
import { isFormType } from '../../http/content-type';
import type { TokenClaims } from '../../links/signer';
import { chooseLocale, type Messages, type PageLocale, t } from '../../web/i18n';
import { DeletedDataPage, InvalidLinkPage } from '../../web/invalid-link';
import { brokenLinkBrand, pageBrand } from '../../web/page-brand';
import { pageHeaders } from '../../web/page-headers';
import { requestLinkPath } from '../preferences/page-context';

export const TokenParam = z.object({
  token: z
    .string()
    .openapi({ param: { name: 'token', in: 'path' }, description: 'A signed unsubscribe token' }),
});

export const html = (description: string) => ({
  content: { 'text/html': { schema: z.string() } },
  description,
});

export const textOrHtml = (description: string) => ({
  content: { 'text/plain': { schema: z.string() }, 'text/html': { schema: z.string() } },
  description,
});

export function unsubscribePageHeaders(deps: AppDeps) {
  return pageHeaders(deps.config.brand);
}

export interface ResolvedLink {
  claims: TokenClaims;
  contact: Contact;
  /** null for an all-topics link. */
  topic: Topic | null;
  /** The topic's brand, or the one an all-topics link names. */
  brand: Brand;
  locale: PageLocale;
  m: Messages;
}

/** The token's contact and topic, or null when the token is invalid or points at nothing. */
export async function resolveLink(deps: AppDeps, c: Context, token: string): Promise<ResolvedLink | null> {
  const claims = await verifyOrNull(deps, token);
  if (!claims) return null;
  const [contact, topic] = await Promise.all([
    findContactById({ ctx: domainContext(deps), input: { contactId: claims.contactId } }),
    claims.topic ? findTopic({ ctx: domainContext(deps), input: { key: claims.topic } }) : null,
  ]);
  if (!contact || (claims.topic && !topic)) return null;
  const brand = await pageBrand(c, deps, topic?.brand ?? claims.brand);
  const locale = pageLocale(c, contact.locale);
  // The contact as the brand sees them: "everything" there counts as everything.
  const atBrand = await contactAtBrand(domainContext(deps), contact, brand.key);
  return { claims, contact: atBrand, topic: topic ?? null, brand, locale, m: t(locale) };
}

export async function verifyOrNull(deps: AppDeps, token: string): Promise<TokenClaims | null> {
  try {
    return await deps.signer.verify(token, 'unsubscribe');
  } catch (err) {
    if (err instanceof AppError && err.code === 'invalid_token') return null;
    throw err;
  }
}

/** `?lang=` (the language switch), else the contact's locale, else Accept-Language, else English. */
export function pageLocale(c: Context, contactLocale?: string | null): PageLocale {
  return chooseLocale({
    contactLocale,
    query: c.req.query('lang'),
    acceptLanguage: c.req.header('accept-language'),
  });
}

export function topicName(link: ResolvedLink): string | null {
  return link.topic ? localise(link.topic.name, link.locale, link.brand.defaultLocale) : null;
}

/**
 * The form fields of a POST. RFC 8058 clients send `List-Unsubscribe=One-Click` as
 * urlencoded or multipart; some send nothing. Any other content type is read as no fields:
 * the signed token is the whole authorisation, so the body only tells page from mail client.
 * Returns null when a form body cannot be parsed.
 */
export async function readForm(c: Context): Promise<Record<string, string> | null> {
  const type = c.req.header('content-type');
  if (!isFormType(type)) return {};
  try {
    // A mail client's one-click is urlencoded: read as text (Node reads it off the socket
    // directly) rather than through FormData, which costs several times more.
    if (type?.split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded') {
      const fields: Record<string, string> = {};
      // As parseBody: the last value of a name wins, and `name[]` (a list) is not a field.
      for (const [name, value] of new URLSearchParams(await c.req.text())) {
        if (!name.endsWith('[]')) fields[name] = value;
      }
      return fields;
    }
    const body = await c.req.parseBody();
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value;
    return fields;
  } catch {
    return null;
  }
}

/**
 * The 400 page for a link that does not work, in the visitor's language and the host's brand.
 * Given the token, a genuine link whose contact is gone says that the data was deleted (looked
 * up only here, on the failure path).
 */
export async function invalidLinkPage(c: Context, deps: AppDeps, token?: string) {
  const m = t(pageLocale(c));
  const brand = await brokenLinkBrand(c, deps, token, 'unsubscribe');
  const claims = token ? await verifyOrNull(deps, token) : null;
  const gone =
    claims && !(await findContactById({ ctx: domainContext(deps), input: { contactId: claims.contactId } }));
  if (gone) return c.html(<DeletedDataPage m={m} brand={brand} />, 400);
  return c.html(<InvalidLinkPage m={m} brand={brand} requestLinkUrl={requestLinkPath(c, brand.key)} />, 400);
}

/** Same-origin paths for the page's own forms (the CSP allows form-action 'self' only). */
export function unsubscribePath(token: string, suffix = ''): string {
  return `/u/${encodeURIComponent(token)}${suffix}`;
}

/** The contact's preference-center link at the brand (the preference-center pages live under /p). */
export async function preferencesPath(deps: AppDeps, contactId: string, brand?: string): Promise<string> {
  return `/p/${await deps.signer.sign({ purpose: 'preferences', contactId, topic: null, brand })}`;
}
