// The tools' own opt-outs: `/webhooks/connectors/{id}/{secret}`. Mailchimp checks the URL with
// a GET that must answer 200 (so does any tool that asks); a wrong id or secret answers 404.
import { createRoute, z } from '@hono/zod-openapi';
import { connectorForInbound, receiveInbound } from '../../connectors/inbound';
import { type AppDeps, connectorContext } from '../../deps';
import { errorResponses, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';

const Params = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'con_3kTMd9aPq1xY7bZr' }),
  secret: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'secret', in: 'path' }, example: 'the-secret-in-inbound-url' }),
});

const Received = z
  .object({
    received: z.literal(true),
    applied: z.number().int(),
    unchanged: z.number().int(),
    ignored: z.number().int(),
  })
  .openapi('ConnectorInboundReceived');

export function registerConnectorInbound(router: Router, deps: AppDeps) {
  const path = '/webhooks/connectors/{id}/{secret}';
  const check = createRoute({
    method: 'get',
    path,
    operationId: 'checkConnectorInbound',
    // The secret in the path is the proof (Mailchimp cannot sign); no API key.
    security: [],
    tags: ['Webhooks'],
    summary: "A tool's check of its webhook URL (Mailchimp's GET): 200 when the URL is right",
    request: { params: Params },
    responses: {
      200: jsonContent(z.object({ ok: z.literal(true) }), 'The URL is right'),
      ...errorResponses(404),
    },
  });
  router.openapi(check, async (c) => {
    const { id, secret } = c.req.valid('param');
    await connectorForInbound(connectorContext(deps), id, secret);
    return c.json({ ok: true as const }, 200);
  });

  const receive = createRoute({
    method: 'post',
    path,
    operationId: 'receiveConnectorEvent',
    security: [],
    tags: ['Webhooks'],
    summary: "A tool's own opt-outs, bounces and complaints",
    description:
      'Mailchimp posts form-encoded type=unsubscribe|cleaned|profile|upemail; Brevo posts JSON (a bearer token when webhook_token is set); Laposta posts JSON { data: [ … ] }; Resend posts contact.updated signed with svix-* headers (webhook_secret). Each becomes an opt-out or a suppression, never an opt-in; a replay changes nothing.',
    request: { params: Params },
    responses: {
      200: jsonContent(Received, 'Handled'),
      ...errorResponses(400, 401, 404, 413, 415, 503),
    },
  });
  router.openapi(receive, async (c) => {
    const { id, secret } = c.req.valid('param');
    const summary = await receiveInbound(connectorContext(deps), {
      id,
      secret,
      request: {
        method: 'POST',
        contentType: c.req.header('content-type') ?? '',
        body: await c.req.text(),
        header: (name) => c.req.header(name),
        now: new Date(),
      },
    });
    deps.logger.info('connector inbound call', {
      requestId: c.get('requestId'),
      connectorId: id,
      ...summary,
    });
    return c.json(summary, 200);
  });
}
