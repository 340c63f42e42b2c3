import { createRoute, z } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { listDeliveries } from '../../domain/delivery-log';
import { requireWebhookEndpoint } from '../../domain/webhook-endpoints';
import { beforeOf, cursorPageQuery, nextCursorOf } from '../../http/cursor-page';
import { requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { common, DeliveryOutput, deliveryJson, EndpointId } from './schema';

const Page = cursorPageQuery('Deliveries');

export function registerListDeliveries(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'get',
    path: '/v1/webhooks/{id}/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'Deliveries to this endpoint, newest first, each with its attempts',
    description:
      'Attempts are kept for 30 days. Each has its time, the HTTP status (null when none came), how long it took and what went wrong.',
    middleware: [requireScope(deps, 'admin')] as const,
    request: { params: EndpointId, query: Page },
    responses: {
      200: jsonContent(
        z.object({ deliveries: z.array(DeliveryOutput), next_cursor: z.string().nullable() }),
        'A page of deliveries',
      ),
      ...apiErrors,
      ...errorResponses(404),
    },
  });
  router.openapi(route, async (c) => {
    const ctx = domainContext(deps);
    const endpoint = await requireWebhookEndpoint({ ctx, input: c.req.valid('param').id });
    const { limit, cursor } = c.req.valid('query');
    const page = await listDeliveries({
      ctx,
      input: {
        target: { targetType: 'webhook', targetId: endpoint.id },
        limit,
        before: beforeOf(cursor),
      },
    });
    return c.json(
      {
        deliveries: page.deliveries.map(deliveryJson),
        next_cursor: nextCursorOf(page.nextBefore),
      },
      200,
    );
  });
}
