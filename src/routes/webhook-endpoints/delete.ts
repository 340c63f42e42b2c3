import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, webhookContext } from '../../deps';
import { deleteWebhookEndpoint } from '../../domain/webhook-endpoints';
import { requireScope } from '../../http/middleware';
import { apiErrors, errorResponses } from '../../http/openapi';
import type { Router } from '../../http/router';
import { common, EndpointId } from './schema';

export function registerDeleteEndpoint(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'delete',
    path: '/v1/webhooks/{id}',
    operationId: 'deleteWebhookEndpoint',
    summary: 'Remove a webhook endpoint and its delivery records',
    middleware: [requireScope(deps, 'admin')] as const,
    request: { params: EndpointId },
    responses: { 204: { description: 'Removed' }, ...apiErrors, ...errorResponses(404) },
  });
  router.openapi(route, async (c) => {
    await deleteWebhookEndpoint({ ctx: webhookContext(deps), input: c.req.valid('param').id });
    return c.body(null, 204);
  });
}
