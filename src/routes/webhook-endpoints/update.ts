import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, webhookContext } from '../../deps';
import { updateWebhookEndpoint } from '../../domain/webhook-endpoints';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { common, EndpointId, EndpointOutput, EndpointPatch, endpointJson } from './schema';

export function registerUpdateEndpoint(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'patch',
    path: '/v1/webhooks/{id}',
    operationId: 'updateWebhookEndpoint',
    summary: 'Change the URL, the event types, the description, or enable/disable',
    middleware: [requireScope(deps, 'admin'), jsonOnly] as const,
    request: { params: EndpointId, body: jsonBody(EndpointPatch) },
    responses: { 200: jsonContent(EndpointOutput, 'Updated'), ...apiErrors, ...errorResponses(404) },
  });
  router.openapi(route, async (c) => {
    const endpoint = await updateWebhookEndpoint({
      ctx: webhookContext(deps),
      input: { id: c.req.valid('param').id, changes: c.req.valid('json') },
    });
    return c.json(endpointJson(endpoint), 200);
  });
}
