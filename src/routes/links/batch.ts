import { createRoute, type z } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { issueLinkBatch } from '../../domain/recipient-links';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { LinkBatchOutput, LinkBatchRequest, linkJson, MAX_BATCH } from './schema';

export function registerIssueLinkBatch(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'post',
    path: '/v1/links/batch',
    operationId: 'createLinksBatch',
    tags: ['Links'],
    summary: `Links for up to ${MAX_BATCH} recipients of one topic`,
    description:
      'The same as POST /v1/links for many recipients at once; the answer lists them in the order they were sent. An erased address gets no link and is not stored again: its item is `{ email, suppressed: true, reason: "erased" }`. Senders that hold the signing key can build the same links locally instead (see "Sending mail with unsubscribe links" in the README).',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'links'), jsonOnly] as const,
    request: { body: jsonBody(LinkBatchRequest) },
    responses: {
      200: jsonContent(LinkBatchOutput, 'The links, in request order'),
      ...apiErrors,
      ...errorResponses(404, 409),
    },
  });
  router.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const items = await issueLinkBatch({
      ctx: domainContext(deps),
      input: { topic: body.topic, brand: body.brand, campaign: body.campaign, recipients: body.recipients },
    });
    const links: z.infer<typeof LinkBatchOutput>['links'] = items.map((item) =>
      item.erased
        ? { email: item.email, suppressed: true as const, reason: 'erased' as const }
        : { email: item.email, ...linkJson(item.contactId, item.links) },
    );
    return c.json({ links }, 200);
  });
}
