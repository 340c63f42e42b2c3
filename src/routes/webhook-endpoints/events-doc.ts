// Declares every outbound event under `webhooks` in /openapi.json (OpenAPI 3.1), from the zod
// schemas that type recordEvent, with the Standard Webhooks headers each request carries.
import { z } from '@hono/zod-openapi';
import { type EventType, eventDataSchemas, eventEnvelopeSchema } from '../../domain/event-types';
import type { Router } from '../../http/router';

const headers = z.object({
  'webhook-id': z
    .string()
    .openapi({ description: 'The same for every attempt of this event to this endpoint' }),
  'webhook-timestamp': z.string().openapi({ description: 'Unix seconds of this attempt' }),
  'webhook-signature': z.string().openapi({
    description: 'Space-separated v1,<base64 HMAC-SHA256> signatures; two during a secret rotation',
  }),
});

const schemaName = (type: string) =>
  `${type
    .split(/[._]/)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('')}Event`;

export function registerEventsDoc(router: Router) {
  for (const type of Object.keys(eventDataSchemas) as EventType[]) {
    const schema = router.openAPIRegistry.register(schemaName(type), eventEnvelopeSchema(type));
    router.openAPIRegistry.registerWebhook({
      method: 'post',
      path: type,
      operationId: schemaName(type).replace(/^./, (c) => c.toLowerCase()),
      // Sent by mailprefs, signed with the endpoint's secret: the receiver checks webhook-signature.
      security: [],
      tags: ['Webhook events'],
      summary: eventDataSchemas[type].description,
      description:
        'POSTed to every enabled endpoint subscribed to this type. Answer 2xx to acknowledge; anything else is retried (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h by default); 410 disables the endpoint.',
      request: { headers, body: { content: { 'application/json': { schema } }, required: true } },
      responses: { 200: { description: 'Acknowledged (any 2xx)' } },
    });
  }
}
