import { createRoute, type z } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { ensureContacts } from '../../domain/contacts';
import { erasedAmong } from '../../domain/suppressions';
import { requireActiveTopic } from '../../domain/topics';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { recipientLinks } from '../../links/urls';
import { LinkBatchOutput, LinkBatchRequest, linkJson, MAX_BATCH } from './schema';

// Signing is cheap but not free; chunks keep 20,000 pending promises from piling up at once.
const SIGN_CHUNK = 500;

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
    if (body.topic) await requireActiveTopic(deps.db, body.topic);
    const { erased, contacts } = await deps.db.transaction(async (tx) => {
      const erased = await erasedAmong(
        tx,
        deps.suppressionHashKey,
        body.recipients.map((r) => r.email),
      );
      const wanted = erased.size ? body.recipients.filter((r) => !erased.has(r.email)) : body.recipients;
      const ctx = { db: tx, clock: deps.clock, suppressionHashKey: deps.suppressionHashKey };
      return { erased, contacts: await ensureContacts(ctx, wanted) };
    });
    const links: z.infer<typeof LinkBatchOutput>['links'] = [];
    for (let i = 0; i < body.recipients.length; i += SIGN_CHUNK) {
      const chunk = body.recipients.slice(i, i + SIGN_CHUNK);
      links.push(
        ...(await Promise.all(
          chunk.map(async ({ email }) => {
            if (erased.has(email)) return { email, suppressed: true as const, reason: 'erased' as const };
            const contactId = contacts.get(email)!.id;
            const l = await recipientLinks(deps.signer, deps.config.publicUrl, {
              contactId,
              topic: body.topic,
              campaign: body.campaign,
              mailto: deps.config.unsubscribeMailto,
            });
            return { email, ...linkJson(contactId, l) };
          }),
        )),
      );
    }
    return c.json({ links }, 200);
  });
}
