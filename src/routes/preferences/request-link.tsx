// GET and POST /p: "email me a link to my preferences". The answer is the same whether or not
// the address is known, and the mail is sent after the answer, so neither the words nor the
// timing tell a stranger who is on the list. Limited per address (keyed hash) and per
// truncated IP, so the form cannot be used to flood someone's inbox.
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { domainContext } from '../../deps';
import { findContactByEmail } from '../../domain/contacts';
import { isValidEmail, normaliseEmail } from '../../domain/email';
import { rateLimited } from '../../domain/errors';
import { emailHash } from '../../domain/hashing';
import { truncateIp } from '../../domain/ip';
import { hitRateLimit, type RateLimitRule } from '../../domain/rate-limit';
import { htmlContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { recipientLinks } from '../../links/urls';
import { preferencesLinkMail } from '../../mail/preferences-link';
import { isPageLocale, type Messages, t } from '../../web/i18n';
import { RefusedPage } from '../../web/pages/preferences';
import { RequestLinkPage } from '../../web/pages/request-link';
import { fromOurOrigin, langSuffix, pageMessages } from './page-context';
import { LangQuery, RequestLinkForm } from './schema';

const HOUR_MS = 60 * 60 * 1000;
export const linkRateLimits = {
  perAddress: { bucket: 'preferences-link:address', limit: 3, windowMs: HOUR_MS },
  perIp: { bucket: 'preferences-link:ip', limit: 20, windowMs: HOUR_MS },
} satisfies Record<string, RateLimitRule>;

async function mailLink(deps: AppDeps, email: string, pageM: Messages, requestId: string) {
  const contact = await findContactByEmail(deps.db, email);
  if (!contact) return;
  const { preferencesUrl } = await recipientLinks(deps.signer, deps.config.publicUrl, {
    contactId: contact.id,
    topic: null,
  });
  const m = isPageLocale(contact.locale) ? t(contact.locale) : pageM;
  await deps.mailer.send(
    preferencesLinkMail({
      m,
      brandName: deps.config.brand.name,
      to: contact.email,
      url: preferencesUrl,
      idempotencyKey: `preferences-link:${requestId}`,
    }),
  );
}

export function registerRequestLink(router: Router, deps: AppDeps) {
  const form = createRoute({
    method: 'get',
    path: '/p',
    operationId: 'showPreferenceLinkForm',
    security: [],
    tags: ['Pages'],
    summary: 'Ask for a fresh preference link by email',
    request: { query: LangQuery },
    responses: { 200: htmlContent('The form'), 400: htmlContent('A lang value longer than 16 characters') },
  });
  router.openapi(form, async (c) => {
    const m = pageMessages(c);
    return c.html(<RequestLinkPage m={m} brand={deps.config.brand} formAction={`/p${langSuffix(c)}`} />, 200);
  });

  const send = createRoute({
    method: 'post',
    path: '/p',
    operationId: 'requestPreferenceLink',
    security: [],
    tags: ['Pages'],
    summary: 'Mail a fresh preference link if the address is known; the answer is the same either way',
    request: {
      query: LangQuery,
      body: { content: { 'application/x-www-form-urlencoded': { schema: RequestLinkForm } }, required: true },
    },
    responses: {
      200: htmlContent('Answered; a link is mailed if the address is known'),
      400: htmlContent('Not an email address'),
      403: htmlContent('The form came from another site'),
      429: htmlContent('Too many requests from this network'),
    },
  });
  router.openapi(send, async (c) => {
    const m = pageMessages(c);
    const brand = deps.config.brand;
    const formAction = `/p${langSuffix(c)}`;
    if (!fromOurOrigin(c, deps)) return c.html(<RefusedPage m={m} brand={brand} />, 403);

    const ctx = domainContext(deps);
    const ip = truncateIp(deps.clientIp(c.req.raw, c.env)) ?? 'unknown';
    const perIp = await hitRateLimit(ctx, linkRateLimits.perIp, ip);
    if (!perIp.allowed) {
      // The error layer answers with its page and Retry-After, as for every 429.
      throw rateLimited(
        'too many links were asked for from this network; try again later',
        perIp.retryAfterMs,
      );
    }

    const raw = c.req.valid('form').email;
    const email = normaliseEmail(raw);
    if (!isValidEmail(email)) {
      const status = { kind: 'error', text: m.requestLink.invalidEmail } as const;
      return c.html(
        <RequestLinkPage
          m={m}
          brand={brand}
          formAction={formAction}
          status={status}
          email={raw.slice(0, 254)}
          invalid
        />,
        400,
      );
    }
    // Over the per-address limit the answer stays the same; only the mail is skipped.
    const perAddress = await hitRateLimit(
      ctx,
      linkRateLimits.perAddress,
      emailHash(deps.suppressionHashKey, email),
    );
    const requestId = c.get('requestId');
    if (perAddress.allowed) deps.defer('preferences link mail', () => mailLink(deps, email, m, requestId));

    const status = { kind: 'ok', text: m.requestLink.sent } as const;
    return c.html(<RequestLinkPage m={m} brand={brand} formAction={formAction} status={status} />, 200);
  });
}
