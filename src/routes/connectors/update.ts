import { createRoute } from '@hono/zod-openapi';
import { inboundUrl, updateConnector } from '../../connectors/manage';
import { type AppDeps, connectorContext } from '../../deps';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { ConnectorId, ConnectorOutput, ConnectorPatch, common, connectorJson } from './schema';

export function registerUpdateConnector(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'patch',
    path: '/v1/connectors/{id}',
    operationId: 'updateConnector',
    summary: 'Change the name, credentials, settings, api_base or push_opt_ins, or enable/disable',
    middleware: [requireScope(deps, 'admin'), jsonOnly] as const,
    request: { params: ConnectorId, body: jsonBody(ConnectorPatch) },
    responses: { 200: jsonContent(ConnectorOutput, 'Updated'), ...apiErrors, ...errorResponses(404, 503) },
  });
  router.openapi(route, async (c) => {
    const ctx = connectorContext(deps);
    const connector = await updateConnector(ctx, c.req.valid('param').id, c.req.valid('json'));
    return c.json(connectorJson(connector, await inboundUrl(ctx, connector)), 200);
  });
}
