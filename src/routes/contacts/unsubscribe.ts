// POST /v1/contacts/{contact}/unsubscribe: staff record an unsubscribe request that came by
// mail, phone or in person. Staff can always record an opt-out (never undo one).
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { domainContext } from '../../deps';
import { findContactById, requireContact, subscriptionsOf } from '../../domain/contacts';
import { unsubscribe } from '../../domain/unsubscribe';
import { exactlyOne } from '../../http/fields';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { TopicKey } from '../topics/schema';
import { ContactOutput, ContactParam, contactJson } from './schema';

export const StaffUnsubscribe = exactlyOne(
  z
    .object({
      topic: TopicKey.optional().openapi({
        description: 'The topic to unsubscribe from; leave out with all: true',
      }),
      all: z
        .literal(true)
        .optional()
        .openapi({ description: 'Unsubscribe from everything, now and later; leave out topic' }),
      source: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .openapi({ description: 'How the request arrived', example: 'phone' }),
      note: z.string().trim().max(2000).optional().openapi({ example: 'Called the help desk on 3 Feb' }),
    })
    .strict(),
  ['topic', 'all'],
  {
    neither: 'give the topic to unsubscribe from, or all: true for every topic',
    both: 'give either topic or all: true, not both',
  },
).openapi('StaffUnsubscribe', {
  example: { topic: 'newsletter', source: 'phone', note: 'Called the help desk on 3 Feb' },
});

const StaffUnsubscribeResult = ContactOutput.extend({
  changed: z.boolean().openapi({ description: 'false when the contact was already unsubscribed' }),
}).openapi('StaffUnsubscribeResult');

export function registerStaffUnsubscribe(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'post',
    path: '/v1/contacts/{contact}/unsubscribe',
    operationId: 'recordUnsubscribe',
    tags: ['Contacts'],
    summary: 'Record an unsubscribe request received by mail or phone',
    description:
      'Unsubscribes from one topic, or from everything with all: true (give one of the two, never both). Writes one consent-trail entry with the given source, note and API key; a repeat writes nothing.',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'admin'), jsonOnly] as const,
    request: { params: ContactParam, body: jsonBody(StaffUnsubscribe) },
    responses: {
      200: jsonContent(StaffUnsubscribeResult, 'The contact after the change'),
      ...apiErrors,
      ...errorResponses(404),
    },
  });
  router.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const ctx = domainContext(deps);
    const contact = await requireContact({ ctx, input: c.req.valid('param').contact });
    const changed = await unsubscribe({
      ctx,
      input: {
        contactId: contact.id,
        topic: body.all ? null : body.topic!,
        actor: 'staff',
        consent: { source: body.source, note: body.note, apiKeyId: c.get('apiKey')?.id },
      },
    });
    const current = (await findContactById({ ctx, input: { contactId: contact.id } })) ?? contact;
    const subscriptions = await subscriptionsOf({ ctx, input: { contactId: contact.id } });
    return c.json({ ...contactJson({ contact: current, subscriptions }), changed }, 200);
  });
}
