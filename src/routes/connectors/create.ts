import { createRoute } from '@hono/zod-openapi';
import { createConnector, inboundUrl } from '../../connectors/manage';
import { type AppDeps, connectorContext } from '../../deps';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { ConnectorInput, ConnectorOutput, common, connectorJson } from './schema';

export function registerCreateConnector(router: Router, deps: AppDeps) {
  const route = createRoute({
    ...common,
    method: 'post',
    path: '/v1/connectors',
    operationId: 'createConnector',
    summary: 'Connect a mailing tool (Mailchimp, Brevo, Laposta, Resend)',
    description:
      "Opt-outs, suppressions and erasures recorded in mailprefs are pushed to the tool through the outbox; the tool's own opt-outs come back through inbound_url. The credentials are stored sealed and never returned.",
    middleware: [requireScope(deps, 'admin'), jsonOnly] as const,
    request: { body: jsonBody(ConnectorInput) },
    responses: { 201: jsonContent(ConnectorOutput, 'Connected'), ...apiErrors, ...errorResponses(503) },
  });
  router.openapi(route, async (c) => {
    const ctx = connectorContext(deps);
    const connector = await createConnector(ctx, c.req.valid('json'));
    return c.json(connectorJson(connector, await inboundUrl(ctx, connector)), 201);
  });
}
