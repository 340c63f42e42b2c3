// POST /u/{token}: RFC 8058 one-click unsubscribe, and the unsubscribe page's button.
// A mail client's POST (urlencoded or multipart `List-Unsubscribe=One-Click`, or no body) is
// the hot path: one token verification, one transaction, a tiny text/plain 200, no redirect,
// no cookies, no CSRF check (the signed token is the authorisation). The page's form adds
// `source=page`, so the trail tells `unsubscribe-page` from `one-click`, and gets a page back.
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../../deps';
import { domainContext, softOptInOf } from '../../deps';
import type { ConsentContext } from '../../domain/consent';
import type { DomainContext } from '../../domain/context';
import { maskEmail } from '../../domain/email';
import { AppError } from '../../domain/errors';
import { viaTopicLinkNote } from '../../domain/leave-reasons';
import { undoPlan, unsubscribe } from '../../domain/unsubscribe';
import { requestConsent } from '../../http/request-info';
import type { Router } from '../../http/router';
import { ALL_TOPICS, issueFormToken } from '../../links/form-token';
import type { TokenClaims } from '../../links/signer';
import { keepChosenLanguage } from '../preferences/page-context';
import {
  invalidLinkPage,
  preferencesPath,
  readForm,
  resolveLink,
  TokenParam,
  textOrHtml,
  topicName,
  unsubscribePageHeaders,
  unsubscribePath,
  verifyOrNull,
} from './link';
import { UnsubscribeDone } from './views';

const INVALID = 'This unsubscribe link is not valid.\n';

export function registerOneClick(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'post',
    path: '/u/{token}',
    operationId: 'oneClickUnsubscribe',
    security: [],
    tags: ['Unsubscribe'],
    summary: 'One-click unsubscribe (RFC 8058)',
    description:
      'Body: `List-Unsubscribe=One-Click` as application/x-www-form-urlencoded or multipart/form-data, or empty. Unsubscribes from the topic in the token (or from everything for an all-topics token). Repeating it is harmless. The unsubscribe page posts `source=page` and gets the confirmation page instead; with `scope=all` as well, a topic link unsubscribes from everything.',
    middleware: [unsubscribePageHeaders(deps)] as const,
    request: { params: TokenParam },
    responses: {
      200: textOrHtml('Unsubscribed, or already was (text); the confirmation page for source=page (HTML)'),
      400: textOrHtml('The link is not valid (text; HTML for source=page)'),
    },
  });

  router.openapi(route, async (c) => {
    const { token } = c.req.valid('param');
    const form = await readForm(c);
    if (!form) return c.text('The request body could not be read.\n', 400);
    if (form.source === 'page') return fromPage(c, deps, token, form.scope);

    const claims = await verifyOrNull(deps, token);
    if (!claims) return c.text(INVALID, 400);
    try {
      // Through the runtime's opt-out commits: answered once the change is committed. A topic
      // link's opt-out is one of a set the runtime writes together (opt-out-batch.ts).
      if (claims.topic) {
        await deps.optOuts.optOut({
          contactId: claims.contactId,
          topic: claims.topic,
          consent: linkConsent(c, deps, claims, 'one-click'),
        });
      } else {
        await deps.optOuts.commit((ctx) => unsubscribeByLink(c, deps, claims, 'one-click', { ctx }));
      }
    } catch (err) {
      // A well-signed token for a contact or topic that no longer exists.
      if (err instanceof AppError && err.code === 'not_found') return c.text(INVALID, 400);
      throw err;
    }
    return c.text('You are unsubscribed.\n', 200);
  });
}

async function fromPage(c: Context, deps: AppDeps, token: string, scope: string | undefined) {
  const link = await resolveLink(deps, c, token);
  if (!link) return invalidLinkPage(c, deps, token);
  const { claims, contact, topic, brand } = link;
  // "Unsubscribe from everything" beside a topic link's own button: everything of its brand.
  const everything = topic !== null && scope === 'all';
  // What the person received just before, signed into the undo form, so the undo gives back
  // exactly that and never what a posted field names.
  const undo = await undoPlan({
    ctx: domainContext(deps),
    input: { contact, topic: everything ? null : topic, softOptIn: softOptInOf(deps), brand: brand.key },
  });
  await unsubscribeByLink(c, deps, claims, 'unsubscribe-page', { everything, brand: brand.key });
  await keepChosenLanguage(c, deps, contact.id);
  const undoScope = everything ? ALL_TOPICS : null;
  return c.html(
    <UnsubscribeDone
      m={link.m}
      brand={brand}
      topicName={topicName(link)}
      maskedEmail={maskEmail(contact.email)}
      all={everything}
      preferencesUrl={await preferencesPath(deps, contact.id, brand.key)}
      undoAction={unsubscribePath(token, '/undo')}
      undoToken={undo ? await issueFormToken(deps.signer, claims, 'undo', undo, undoScope) : null}
      reason={{
        action: unsubscribePath(token, '/reason'),
        formToken: await issueFormToken(deps.signer, claims),
      }}
    />,
    200,
  );
}

/**
 * The subscriber's own opt-out through a signed link, with the link's evidence in the trail.
 * `everything` on a topic's link stops every topic of `brand` (the topic's); its entry notes the
 * link's topic, so that topic's stats count it.
 */
function unsubscribeByLink(
  c: Context,
  deps: AppDeps,
  claims: TokenClaims,
  source: 'one-click' | 'unsubscribe-page',
  {
    everything = false,
    brand,
    ctx = domainContext(deps),
  }: { everything?: boolean; brand?: string; ctx?: DomainContext } = {},
) {
  const via = everything && claims.topic ? { note: viaTopicLinkNote(claims.topic) } : {};
  return unsubscribe({
    ctx,
    input: {
      contactId: claims.contactId,
      topic: everything ? null : claims.topic,
      brand: everything ? (brand ?? claims.brand) : claims.brand,
      actor: 'subscriber',
      consent: { ...linkConsent(c, deps, claims, source), ...via },
    },
  });
}

/** A link's evidence for the trail: the request's, the token's id and its campaign. */
function linkConsent(
  c: Context,
  deps: AppDeps,
  claims: TokenClaims,
  source: 'one-click' | 'unsubscribe-page',
): ConsentContext {
  return { ...requestConsent(c, deps, source), tokenId: claims.tokenId, campaign: claims.campaign };
}
