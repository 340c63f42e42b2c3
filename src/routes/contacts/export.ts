// GET /v1/contacts/{contact}/export: the contact data document (access and portability).
import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { requireContact } from '../../domain/contacts';
import { exportOf } from '../../domain/export';
import { requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { ContactExportOutput, ContactParam } from './schema';

export function registerExportContact(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'get',
    path: '/v1/contacts/{contact}/export',
    operationId: 'exportContact',
    tags: ['Contacts'],
    summary: 'Everything held about a contact, as one machine-readable document',
    description:
      'The contact, every subscription, the whole consent trail and any suppression of the address, with a schema version (GDPR Art. 15 and 20).',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'admin')] as const,
    request: { params: ContactParam },
    responses: {
      200: jsonContent(ContactExportOutput, 'The data document'),
      ...apiErrors,
      ...errorResponses(404),
    },
  });
  router.openapi(route, async (c) => {
    const ctx = domainContext(deps);
    const contact = await requireContact({ ctx, input: c.req.valid('param').contact });
    const doc = await exportOf({ ctx, input: { contact } });
    return c.json(doc, 200);
  });
}
