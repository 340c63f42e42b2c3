import { createRoute, z } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { listWebhookEndpoints } from '../../domain/webhook-endpoints';
import { requireScope } from '../../http/middleware';
import { apiErrors, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { common, EndpointOutput, endpointJson } from './schema';

export function registerListEndpoints(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'get',
    path: '/v1/webhooks',
    operationId: 'listWebhookEndpoints',
    summary: 'List webhook endpoints (no secrets)',
    middleware: [requireScope(deps, 'admin')] as const,
    responses: {
      200: jsonContent(z.object({ webhooks: z.array(EndpointOutput) }), 'Endpoints, newest first'),
      ...apiErrors,
    },
  });
  router.openapi(route, async (c) =>
    c.json({ webhooks: (await listWebhookEndpoints({ ctx: domainContext(deps) })).map(endpointJson) }, 200),
  );
}
