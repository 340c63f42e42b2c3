import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { requireWebhookEndpoint } from '../../domain/webhook-endpoints';
import { requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { common, EndpointId, EndpointOutput, endpointJson } from './schema';

export function registerGetEndpoint(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'get',
    path: '/v1/webhooks/{id}',
    operationId: 'getWebhookEndpoint',
    summary: 'A webhook endpoint (no secret), with why it is disabled if it is',
    middleware: [requireScope(deps, 'admin')] as const,
    request: { params: EndpointId },
    responses: { 200: jsonContent(EndpointOutput, 'The endpoint'), ...apiErrors, ...errorResponses(404) },
  });
  router.openapi(route, async (c) =>
    c.json(endpointJson(await requireWebhookEndpoint({ ctx: deps, input: c.req.valid('param').id })), 200),
  );
}
