import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { issueLinks } from '../../domain/recipient-links';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { LinkOutput, LinkRequest, linkJson } from './schema';

export function registerIssueLinks(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'post',
    path: '/v1/links',
    operationId: 'createLinks',
    tags: ['Links'],
    summary: "A recipient's unsubscribe and preference links, with List-Unsubscribe headers",
    description:
      'Put the headers on the mail as they are (RFC 2369 and RFC 8058 one-click). An address not yet known becomes a contact without any subscription; an erased address gets no link (409 erased), because a link would store it again. Links do not expire unless LINK_MAX_AGE_DAYS is set. Needs an admin key or a key with the links scope.',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'links'), jsonOnly] as const,
    request: { body: jsonBody(LinkRequest) },
    responses: { 200: jsonContent(LinkOutput, 'The links'), ...apiErrors, ...errorResponses(404, 409) },
  });
  router.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const { contactId, links } = await issueLinks({
      ctx: domainContext(deps),
      input: {
        email: body.email,
        locale: body.locale,
        topic: body.topic,
        brand: body.brand,
        campaign: body.campaign,
      },
    });
    return c.json(linkJson(contactId, links), 200);
  });
}
