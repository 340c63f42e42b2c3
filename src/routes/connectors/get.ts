import { createRoute } from '@hono/zod-openapi';
import { inboundUrl } from '../../connectors/manage';
import { type AppDeps, connectorContext } from '../../deps';
import { requireConnector } from '../../domain/connectors';
import { requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { ConnectorId, ConnectorOutput, common, connectorJson } from './schema';

export function registerGetConnector(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'get',
    path: '/v1/connectors/{id}',
    operationId: 'getConnector',
    summary: 'A connector (no credentials), with why it is disabled if it is',
    middleware: [requireScope(deps, 'admin')] as const,
    request: { params: ConnectorId },
    responses: { 200: jsonContent(ConnectorOutput, 'The connector'), ...apiErrors, ...errorResponses(404) },
  });
  router.openapi(route, async (c) => {
    const connector = await requireConnector(deps.db, c.req.valid('param').id);
    return c.json(connectorJson(connector, await inboundUrl(connectorContext(deps), connector)), 200);
  });
}
