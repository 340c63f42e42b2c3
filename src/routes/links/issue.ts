import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { ensureContact } from '../../domain/contacts';
import { refuseErased } from '../../domain/suppressions';
import { requireActiveTopic } from '../../domain/topics';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { recipientLinks } from '../../links/urls';
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
    if (body.topic) await requireActiveTopic(deps.db, body.topic);
    await refuseErased(deps.db, deps.suppressionHashKey, body.email);
    const { contact } = await ensureContact(
      { db: deps.db, clock: deps.clock, suppressionHashKey: deps.suppressionHashKey },
      body.email,
      body.locale,
    );
    const links = await recipientLinks(deps.signer, deps.config.publicUrl, {
      contactId: contact.id,
      topic: body.topic,
      campaign: body.campaign,
      mailto: deps.config.unsubscribeMailto,
    });
    return c.json(linkJson(contact.id, links), 200);
  });
}
