import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { listActivity, requireConnector } from '../../domain/connectors';
import { beforeOf, cursorPageQuery, nextCursorOf } from '../../http/cursor-page';
import { requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { ActivityOutput, ConnectorId, common } from './schema';

const Page = cursorPageQuery('Entries');

export function registerConnectorActivity(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'get',
    path: '/v1/connectors/{id}/activity',
    operationId: 'listConnectorActivity',
    summary: "The connector's recent calls, newest first: time, what, outcome (never an address)",
    middleware: [requireScope(deps, 'admin')] as const,
    request: { params: ConnectorId, query: Page },
    responses: {
      200: jsonContent(
        z.object({ activity: z.array(ActivityOutput), next_cursor: z.string().nullable() }),
        'A page of activity',
      ),
      ...apiErrors,
      ...errorResponses(404),
    },
  });
  router.openapi(route, async (c) => {
    const connector = await requireConnector(deps.db, c.req.valid('param').id);
    const { limit, cursor } = c.req.valid('query');
    const page = await listActivity(deps.db, connector.id, {
      limit,
      before: beforeOf(cursor),
    });
    return c.json(
      {
        activity: page.entries.map((e) => ({
          id: e.id,
          at: e.at.toISOString(),
          direction: e.direction,
          what: e.what,
          outcome: e.outcome,
          status_code: e.statusCode,
        })),
        next_cursor: nextCursorOf(page.nextBefore),
      },
      200,
    );
  });
}
