import { createRoute, z } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { queueTestEvent } from '../../domain/webhook-endpoints';
import { requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { common, EndpointId } from './schema';

const TestQueued = z
  .object({ event_id: z.number().int(), delivery_id: z.number().int() })
  .openapi('WebhookTestQueued');

export function registerTestEndpoint(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'post',
    path: '/v1/webhooks/{id}/test',
    operationId: 'sendTestWebhook',
    summary: 'Send a webhook.test event to this endpoint',
    description:
      'Queued like any event (signed, retried on failure); follow it with GET /v1/webhooks/{id}/deliveries.',
    middleware: [requireScope(deps, 'admin')] as const,
    request: { params: EndpointId },
    responses: { 202: jsonContent(TestQueued, 'Queued'), ...apiErrors, ...errorResponses(404, 409) },
  });
  router.openapi(route, async (c) => {
    const queued = await queueTestEvent({ ctx: domainContext(deps), input: c.req.valid('param').id });
    return c.json({ event_id: queued.eventId, delivery_id: queued.deliveryId }, 202);
  });
}
