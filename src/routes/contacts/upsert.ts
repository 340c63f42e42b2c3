import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { ensureContact, findContactById, setCustomerDates, subscriptionsOf } from '../../domain/contacts';
import { requireConsentSource, setPreferencesIn } from '../../domain/preferences';
import { refuseErased } from '../../domain/suppressions';
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
    const result = await deps.db.transaction(async (tx) => {
      await refuseErased(tx, deps.suppressionHashKey, body.email);
      await requireConsentSource(tx, body.subscriptions ?? {}, body.consent?.source);
      const { contact, created } = await ensureContact(
        { db: tx, clock: deps.clock, suppressionHashKey: deps.suppressionHashKey },
        body.email,
        body.locale,
      );
      // First, so dates that make no relationship refuse the request before anything else.
      await setCustomerDates(
        tx,
        contact,
        { customerSince: body.customer_since, customerUntil: body.customer_until },
        deps.clock.now(),
      );
      await setPreferencesIn(tx, deps.clock.now(), {
        contactId: contact.id,
        changes: body.subscriptions ?? {},
        actor: 'staff',
        consent: {
          source: body.consent?.source ?? 'api',
          wording: body.consent?.text,
          ip: body.consent?.ip,
          userAgent: body.consent?.user_agent,
          sourceUrl: body.consent?.source_url,
          apiKeyId: apiKey?.id,
        },
      });
      // Re-read: setting preferences touches the contact's timestamps and flags.
      const current = (await findContactById(tx, contact.id)) ?? contact;
      return { contact: current, created, subscriptions: await subscriptionsOf(tx, contact.id) };
    });
    return c.json(contactJson(result), result.created ? 201 : 200);
  });
}
