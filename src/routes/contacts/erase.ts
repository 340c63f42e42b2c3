// DELETE /v1/contacts/{contact}: erasure that keeps the address on the suppression list.
import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { eraseContact } from '../../domain/erasure';
import { requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { ContactParam, EraseQuery, ErasureOutput } from './schema';

export function registerEraseContact(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'delete',
    path: '/v1/contacts/{contact}',
    operationId: 'eraseContact',
    tags: ['Contacts'],
    summary: 'Erase a contact, keeping only a keyed hash on the suppression list',
    description:
      'Sends a deletion receipt to the address, then deletes the contact, its subscriptions and its consent trail, and suppresses the address (reason `erased`) so it is never mailed or imported again. Repeating the request is harmless. An unknown address answers 404 unless it was erased before or `suppress=true` is given; an unknown id always answers 404 (suppressing an address the service never held needs the address).',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'admin')] as const,
    request: { params: ContactParam, query: EraseQuery },
    responses: {
      200: jsonContent(ErasureOutput, 'Erased (or already erased)'),
      ...apiErrors,
      ...errorResponses(404, 503),
    },
  });
  router.openapi(route, async (c) => {
    const { contact } = c.req.valid('param');
    const { suppress, notify } = c.req.valid('query');
    const result = await eraseContact({
      ctx: domainContext(deps),
      input: {
        ...contact,
        suppressUnknown: suppress,
        notify,
        source: `api:${c.get('apiKey')?.id ?? 'admin'}`,
      },
    });
    deps.logger.info('contact erasure', { erased: result.erased, receiptSent: result.receiptSent });
    return c.json(
      { erased: result.erased, suppressed: result.suppressed, receipt_sent: result.receiptSent },
      200,
    );
  });
}
