// API keys: staff create keys for mailing tools (presend, links) and revoke them.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { domainContext } from '../../deps';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/api-keys';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { KeyInput, KeyOutput, KeyWithSecret, keyJson } from './schema';

export function registerKeyRoutes(router: Router, deps: AppDeps) {
  const common = { tags: ['API keys'], security: [{ bearer: [] }] };

  router.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/v1/keys',
      operationId: 'createApiKey',
      summary: 'Create an API key (the secret is shown once)',
      middleware: [requireScope(deps, 'admin'), jsonOnly] as const,
      request: { body: jsonBody(KeyInput) },
      responses: { 201: jsonContent(KeyWithSecret, 'Created'), ...apiErrors },
    }),
    async (c) => {
      const { key, secret } = await createApiKey({ ctx: domainContext(deps), input: c.req.valid('json') });
      return c.json({ ...keyJson(key), secret }, 201);
    },
  );

  router.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/v1/keys',
      operationId: 'listApiKeys',
      summary: 'List API keys (no secrets)',
      middleware: [requireScope(deps, 'admin')] as const,
      responses: { 200: jsonContent(z.object({ keys: z.array(KeyOutput) }), 'Keys'), ...apiErrors },
    }),
    async (c) => c.json({ keys: (await listApiKeys({ ctx: domainContext(deps) })).map(keyJson) }, 200),
  );

  router.openapi(
    createRoute({
      ...common,
      method: 'delete',
      path: '/v1/keys/{id}',
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key',
      middleware: [requireScope(deps, 'admin')] as const,
      request: { params: z.object({ id: z.string().min(1).max(100) }) },
      responses: { 200: jsonContent(KeyOutput, 'Revoked'), ...apiErrors, ...errorResponses(404) },
    }),
    async (c) => {
      const key = await revokeApiKey({ ctx: domainContext(deps), input: { id: c.req.valid('param').id } });
      return c.json(keyJson(key), 200);
    },
  );
}
