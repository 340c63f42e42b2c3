import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, webhookContext } from '../../deps';
import { createWebhookEndpoint } from '../../domain/webhook-endpoints';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { common, EndpointInput, EndpointWithSecret, endpointJson } from './schema';

export function registerCreateEndpoint(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'post',
    path: '/v1/webhooks',
    operationId: 'createWebhookEndpoint',
    summary: 'Register a webhook endpoint (the secret is shown once)',
    description:
      'Events are POSTed to the URL signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature) with the returned secret. The URL must be https and must not resolve to a private, loopback or link-local address (WEBHOOK_ALLOW_PRIVATE_TARGETS lifts both rules).',
    middleware: [requireScope(deps, 'admin'), jsonOnly] as const,
    request: { body: jsonBody(EndpointInput) },
    responses: { 201: jsonContent(EndpointWithSecret, 'Registered'), ...apiErrors, ...errorResponses(503) },
  });
  router.openapi(route, async (c) => {
    const { endpoint, secret } = await createWebhookEndpoint({
      ctx: webhookContext(deps),
      input: c.req.valid('json'),
    });
    return c.json({ ...endpointJson(endpoint), secret }, 201);
  });
}
