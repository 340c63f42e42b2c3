import { createRoute, z } from '@hono/zod-openapi';
import { syncConnector } from '../../connectors/sync';
import { type AppDeps, connectorContext } from '../../deps';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { ConnectorId, common } from './schema';

const SyncInput = z
  .object({
    apply: z.boolean().default(false).openapi({
      description: 'Apply the opt-outs both ways; without it nothing changes (a dry run)',
    }),
  })
  .strict()
  .openapi('ConnectorSyncInput');

const Kind = z.enum(['opt_out_here', 'opt_out_there', 'unknown_here']);
const SyncOutput = z
  .object({
    connector_id: z.string(),
    applied: z.boolean(),
    members: z.number().int().openapi({ description: 'Members read from the tool' }),
    counts: z.record(Kind, z.number().int()),
    differences: z.array(
      z.object({
        kind: Kind,
        email: z.string(),
        topics: z.array(z.string()).openapi({ description: 'Empty: everything' }),
        applied: z.boolean(),
      }),
    ),
    resumed_from: z.string().nullable().openapi({ description: 'Where an interrupted apply resumed' }),
  })
  .openapi('ConnectorSyncReport');

export function registerSyncConnector(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'post',
    path: '/v1/connectors/{id}/sync',
    operationId: 'syncConnector',
    summary: "Compare the tool's members with mailprefs; with apply, bring both to the same opt-outs",
    description:
      'Opted out there but subscribed here: the opt-out is recorded here. Opted out or erased here but active there: the opt-out is pushed there. Known there but unknown here: reported only. Nothing is ever subscribed.',
    middleware: [requireScope(deps, 'admin'), jsonOnly] as const,
    request: { params: ConnectorId, body: jsonBody(SyncInput) },
    responses: {
      200: jsonContent(SyncOutput, 'The differences'),
      ...apiErrors,
      ...errorResponses(404, 409, 503),
    },
  });
  router.openapi(route, async (c) => {
    const report = await syncConnector(connectorContext(deps), c.req.valid('param').id, {
      apply: c.req.valid('json').apply,
    });
    return c.json(report, 200);
  });
}
