import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, webhookContext } from '../../deps';
import { rotateWebhookSecret } from '../../domain/webhook-endpoints';
import { requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { common, EndpointId, EndpointWithSecret, endpointJson } from './schema';

export function registerRotateSecret(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'post',
    path: '/v1/webhooks/{id}/rotate-secret',
    operationId: 'rotateWebhookSecret',
    summary: 'Make a new signing secret (shown once); the old one keeps signing for 24 hours',
    description:
      'For 24 hours every request carries two signatures in webhook-signature, one with each secret, so the receiver can switch to the new secret without missing a delivery.',
    middleware: [requireScope(deps, 'admin')] as const,
    request: { params: EndpointId },
    responses: {
      200: jsonContent(EndpointWithSecret, 'The new secret'),
      ...apiErrors,
      ...errorResponses(404, 409, 503),
    },
  });
  router.openapi(route, async (c) => {
    const { endpoint, secret } = await rotateWebhookSecret({
      ctx: webhookContext(deps),
      input: c.req.valid('param').id,
    });
    return c.json({ ...endpointJson(endpoint), secret }, 200);
  });
}
