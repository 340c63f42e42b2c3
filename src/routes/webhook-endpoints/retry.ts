import { createRoute, z } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { retryDeliveryByHand } from '../../domain/delivery-log';
import { requireWebhookEndpoint } from '../../domain/webhook-endpoints';
import { requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { common, EndpointId } from './schema';

const Params = EndpointId.extend({
  delivery_id: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: 'delivery_id', in: 'path' }, example: 42 }),
});

const Requeued = z
  .object({ id: z.number().int(), status: z.literal('pending'), next_attempt_at: z.string() })
  .openapi('WebhookDeliveryRequeued');

export function registerRetryDelivery(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'post',
    path: '/v1/webhooks/{id}/deliveries/{delivery_id}/retry',
    operationId: 'retryWebhookDelivery',
    summary: 'Send a delivery again now (one more attempt)',
    description:
      'For a delivery that failed (or was delivered and should be sent again). The same webhook-id is used, so receivers can tell it is the same event.',
    middleware: [requireScope(deps, 'admin')] as const,
    request: { params: Params },
    responses: { 202: jsonContent(Requeued, 'Queued'), ...apiErrors, ...errorResponses(404, 409) },
  });
  router.openapi(route, async (c) => {
    const { id, delivery_id } = c.req.valid('param');
    const ctx = domainContext(deps);
    const endpoint = await requireWebhookEndpoint({ ctx, input: id });
    const delivery = await retryDeliveryByHand({
      ctx,
      input: {
        target: { targetType: 'webhook', targetId: endpoint.id, enabled: endpoint.enabled },
        deliveryId: delivery_id,
      },
    });
    return c.json(
      { id: delivery.id, status: 'pending' as const, next_attempt_at: delivery.nextAttemptAt.toISOString() },
      202,
    );
  });
}
