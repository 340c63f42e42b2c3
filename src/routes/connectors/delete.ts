import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { deleteConnector } from '../../domain/connectors';
import { requireScope } from '../../http/middleware';
import { apiErrors, errorResponses } from '../../http/openapi';
import type { Router } from '../../http/router';
import { ConnectorId, common } from './schema';

export function registerDeleteConnector(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'delete',
    path: '/v1/connectors/{id}',
    operationId: 'deleteConnector',
    summary: 'Disconnect a mailing tool: its pending pushes and its activity go with it',
    middleware: [requireScope(deps, 'admin')] as const,
    request: { params: ConnectorId },
    responses: { 204: { description: 'Removed' }, ...apiErrors, ...errorResponses(404) },
  });
  router.openapi(route, async (c) => {
    await deleteConnector(domainContext(deps), c.req.valid('param').id);
    return c.body(null, 204);
  });
}
