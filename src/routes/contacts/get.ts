import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { contactDetails, requireContact } from '../../domain/contacts';
import { requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { ContactParam, ContactWithTrail, contactWithTrailJson } from './schema';

export function registerGetContact(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'get',
    path: '/v1/contacts/{contact}',
    operationId: 'getContact',
    tags: ['Contacts'],
    summary: 'A contact with its subscriptions and consent trail',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'admin')] as const,
    request: { params: ContactParam },
    responses: { 200: jsonContent(ContactWithTrail, 'The contact'), ...apiErrors, ...errorResponses(404) },
  });
  router.openapi(route, async (c) => {
    const ctx = domainContext(deps);
    const contact = await requireContact({ ctx, input: c.req.valid('param').contact });
    return c.json(contactWithTrailJson(await contactDetails({ ctx, input: { contact } })), 200);
  });
}
