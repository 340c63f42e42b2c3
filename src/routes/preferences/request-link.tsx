// GET and POST /p: "email me a link to my preferences". The flow (limits, lookup, the mail
// after the answer) is the domain's (domain/preference-link.ts); this turns it into pages.
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { domainContext } from '../../deps';
import { requestPreferenceLink } from '../../domain/preference-link';
import { htmlContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { requestedBrand } from '../../web/page-brand';
import { RefusedPage } from '../../web/pages/preferences';
import { RequestLinkPage } from '../../web/pages/request-link';
import { fromOurOrigin, pageLocale, pageMessages, requestLinkPath } from './page-context';
import { RequestLinkForm, RequestLinkQuery } from './schema';

export function registerRequestLink(router: Router, deps: AppDeps) {
  const form = createRoute({
    method: 'get',
    path: '/p',
    operationId: 'showPreferenceLinkForm',
    security: [],
    tags: ['Pages'],
    summary: 'Ask for a fresh preference link by email',
    request: { query: RequestLinkQuery },
    responses: { 200: htmlContent('The form'), 400: htmlContent('A lang value longer than 16 characters') },
  });
  router.openapi(form, async (c) => {
    const m = pageMessages(c);
    const brand = await requestedBrand(c, deps);
    return c.html(
      <RequestLinkPage m={m} brand={brand} formAction={requestLinkPath(c, c.req.query('brand'))} />,
      200,
    );
  });

  const send = createRoute({
    method: 'post',
    path: '/p',
    operationId: 'requestPreferenceLink',
    security: [],
    tags: ['Pages'],
    summary: 'Mail a fresh preference link if the address is known; the answer is the same either way',
    request: {
      query: RequestLinkQuery,
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
    const brand = await requestedBrand(c, deps);
    const formAction = requestLinkPath(c, c.req.query('brand'));
    if (!fromOurOrigin(c, deps)) return c.html(<RefusedPage m={m} brand={brand} />, 403);

    const raw = c.req.valid('form').email;
    // A network over its limit is refused here (the error layer answers with its page and
    // Retry-After, as for every 429); over the per-address limit the answer stays the same.
    const result = await requestPreferenceLink({
      ctx: domainContext(deps),
      input: {
        email: raw,
        ip: deps.clientIp(c.req.raw, c.env),
        locale: pageLocale(c),
        requestId: c.get('requestId'),
        brand,
      },
    });
    if (result.outcome === 'invalid_email') {
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
    if (result.deliver) deps.defer('preferences link mail', result.deliver);

    const status = { kind: 'ok', text: m.requestLink.sent } as const;
    return c.html(<RequestLinkPage m={m} brand={brand} formAction={formAction} status={status} />, 200);
  });
}
