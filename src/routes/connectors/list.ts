import { createRoute, z } from '@hono/zod-openapi';
import { inboundUrl } from '../../connectors/manage';
import { type AppDeps, connectorContext } from '../../deps';
import { listConnectors } from '../../domain/connectors';
import { requireScope } from '../../http/middleware';
import { apiErrors, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { ConnectorOutput, common, connectorJson } from './schema';

export function registerListConnectors(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'get',
    path: '/v1/connectors',
    operationId: 'listConnectors',
    summary: 'Connected mailing tools, newest first, each with its state (active, failing, disabled)',
    middleware: [requireScope(deps, 'admin')] as const,
    responses: {
      200: jsonContent(z.object({ connectors: z.array(ConnectorOutput) }), 'Connectors'),
      ...apiErrors,
    },
  });
  router.openapi(route, async (c) => {
    const ctx = connectorContext(deps);
    const rows = await listConnectors(deps.db);
    const connectors = await Promise.all(rows.map(async (r) => connectorJson(r, await inboundUrl(ctx, r))));
    return c.json({ connectors }, 200);
  });
}
