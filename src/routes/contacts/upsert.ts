import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { upsertContact } from '../../domain/contact-upsert';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { ContactOutput, ContactUpsert, contactJson } from './schema';

export function registerUpsertContact(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'post',
    path: '/v1/contacts',
    operationId: 'upsertContact',
    tags: ['Contacts'],
    summary: 'Create or update a contact by email',
    description:
      'Creates the contact if needed and applies the given subscriptions, writing one consent-trail entry per real change. An opted-out contact cannot be subscribed again this way (409 opted_out), and an erased address, in any spelling, is not stored again (409 erased): only the contact can opt back in. Subscribing to a consent-basis topic needs `consent.source` (where the consent was given; GDPR Art. 7(1)), else 400 validation_failed. customer_since and customer_until record the customer relationship that legitimate_interest topics need.',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'admin'), jsonOnly] as const,
    request: { body: jsonBody(ContactUpsert) },
    responses: {
      200: jsonContent(ContactOutput, 'Updated'),
      201: jsonContent(ContactOutput, 'Created'),
      ...apiErrors,
      ...errorResponses(404, 409),
    },
  });
  router.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const apiKey = c.get('apiKey');
    const result = await upsertContact({
      ctx: domainContext(deps),
      input: {
        email: body.email,
        locale: body.locale,
        customerSince: body.customer_since,
        customerUntil: body.customer_until,
        subscriptions: body.subscriptions,
        consent: {
          source: body.consent?.source,
          wording: body.consent?.text,
          ip: body.consent?.ip,
          userAgent: body.consent?.user_agent,
          sourceUrl: body.consent?.source_url,
          apiKeyId: apiKey?.id,
        },
      },
    });
    return c.json(contactJson(result), result.created ? 201 : 200);
  });
}
