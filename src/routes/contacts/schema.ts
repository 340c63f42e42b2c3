import { z } from '@hono/zod-openapi';
import { consentActions, leaveReasons, subscriptionStatuses } from '../../db/schema';
import type { ConsentEvent } from '../../domain/consent';
import type { ContactDetails } from '../../domain/contacts';
import { consentEventDocument } from '../../domain/export';
import { supportedLocales } from '../../domain/locales';
import { contactRefField, customerDateField, emailField } from '../../http/fields';
import { TopicKey } from '../topics/schema';

export const ContactParam = z.object({
  contact: contactRefField.openapi({
    param: { name: 'contact', in: 'path' },
    description:
      'The contact id (`c_…`, from `POST /v1/contacts` or the console), or the email address. Prefer the id: an address in a URL ends up in proxy logs and browser history.',
    example: 'c_0Tq3kF1a9XyZ',
  }),
});

export const Locale = z.enum(supportedLocales);

export const ContactUpsert = z
  .object({
    email: emailField.openapi({ example: 'jan@example.nl' }),
    locale: Locale.optional(),
    subscriptions: z
      .record(TopicKey, z.enum(['subscribed', 'unsubscribed']))
      .refine((r) => Object.keys(r).length <= 100, 'at most 100 topics')
      .optional(),
    consent: z
      .object({
        source: z.string().trim().min(1).max(200).openapi({ example: 'website-form' }),
        text: z
          .string()
          .max(10_000)
          .optional()
          .openapi({ description: 'The exact wording the person agreed to' }),
        ip: z.string().max(64).optional().openapi({ description: 'Stored truncated (IPv4 /24, IPv6 /48)' }),
        user_agent: z.string().max(1000).optional(),
        source_url: z.url().max(2000).optional(),
      })
      .strict()
      .optional()
      .openapi({
        description:
          'Where and how the person agreed. Required (at least `source`) when `subscriptions` subscribes to a consent-basis topic.',
      }),
    customer_since: customerDateField.nullable().optional().openapi({
      description:
        'When the customer relationship began (the soft opt-in of legitimate_interest topics rests on it); null clears it, absent keeps it',
      example: '2024-03-01',
    }),
    customer_until: customerDateField.nullable().optional().openapi({
      description:
        'When it ended or ends; null means a current customer. Not before customer_since, and only with one (stored or given)',
      example: null,
    }),
  })
  .strict()
  .openapi('ContactUpsert');

export const ConsentEventOutput = z
  .object({
    id: z.number(),
    topic: z.string().nullable().openapi({ description: 'null means all topics' }),
    action: z.enum(consentActions),
    source: z.string(),
    occurred_at: z.string(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    wording: z.string().nullable(),
    wording_hash: z.string().nullable(),
    token_id: z.string().nullable(),
    api_key_id: z.string().nullable(),
    campaign: z.string().nullable(),
    source_url: z.string().nullable(),
    message_id: z.string().nullable(),
    event_id: z.string().nullable(),
    note: z.string().nullable(),
    leave_reason: z
      .enum(leaveReasons)
      .nullable()
      .openapi({ description: 'On an unsubscribe: the answer to the optional "why?" question' }),
    brand: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'For unsubscribe_all at one brand: that brand; null is every brand' }),
  })
  .openapi('ConsentEvent');

export const ContactOutput = z
  .object({
    id: z.string(),
    email: z.string(),
    locale: z.string().nullable(),
    unsubscribed_all: z.boolean(),
    paused_until: z.string().nullable().openapi({
      description: 'Until when the person paused all mail (a time in the past: the pause has ended)',
    }),
    customer_since: z.string().nullable().openapi({ format: 'date' }),
    customer_until: z.string().nullable().openapi({ format: 'date' }),
    created_at: z.string(),
    updated_at: z.string(),
    subscriptions: z.record(z.string(), z.enum(subscriptionStatuses)),
  })
  .openapi('Contact');

export const ContactWithTrail = ContactOutput.extend({ consent_trail: z.array(ConsentEventOutput) }).openapi(
  'ContactWithTrail',
);

export function consentEventJson(e: ConsentEvent): z.infer<typeof ConsentEventOutput> {
  return consentEventDocument(e);
}

export function contactJson({
  contact,
  subscriptions,
}: Omit<ContactDetails, 'trail'>): z.infer<typeof ContactOutput> {
  return {
    id: contact.id,
    email: contact.email,
    locale: contact.locale,
    unsubscribed_all: contact.unsubscribedAllAt !== null,
    paused_until: contact.pausedUntil?.toISOString() ?? null,
    customer_since: contact.customerSince,
    customer_until: contact.customerUntil,
    created_at: contact.createdAt.toISOString(),
    updated_at: contact.updatedAt.toISOString(),
    subscriptions: Object.fromEntries(subscriptions.map((s) => [s.topicKey, s.status])),
  };
}

export function contactWithTrailJson(details: ContactDetails): z.infer<typeof ContactWithTrail> {
  return { ...contactJson(details), consent_trail: details.trail.map(consentEventJson) };
}

export const ContactExportOutput = z
  .object({
    schema: z.literal('mailprefs/contact-export'),
    schema_version: z.literal(1),
    exported_at: z.string(),
    contact: z.object({
      id: z.string(),
      email: z.string(),
      locale: z.string().nullable(),
      created_at: z.string(),
      updated_at: z.string(),
      last_activity_at: z.string(),
      unsubscribed_all_at: z.string().nullable(),
      paused_until: z.string().nullable(),
      customer_since: z.string().nullable(),
      customer_until: z.string().nullable(),
    }),
    subscriptions: z.array(
      z.object({
        topic: z.string(),
        topic_name: z.record(z.string(), z.string()).nullable(),
        legal_basis: z.string().nullable(),
        brand: z.string().nullable(),
        status: z.enum(subscriptionStatuses),
        updated_at: z.string(),
      }),
    ),
    brand_unsubscribes: z
      .array(z.object({ brand: z.string(), unsubscribed_at: z.string() }))
      .openapi({ description: 'The brands the contact unsubscribed from everything at, one by one' }),
    consent_trail: z.array(ConsentEventOutput),
    suppressions: z.array(z.object({ reason: z.string(), source: z.string(), created_at: z.string() })),
  })
  .openapi('ContactExport');

const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));

export const EraseQuery = z.object({
  suppress: flag.openapi({
    param: { name: 'suppress', in: 'query' },
    description: 'For an address with no contact: put it on the suppression list anyway',
  }),
  notify: flag.openapi({
    param: { name: 'notify', in: 'query' },
    description: 'Send the deletion receipt to the address first (default true)',
  }),
});

export const ErasureOutput = z
  .object({
    erased: z.boolean().openapi({ description: 'A contact existed and was deleted by this request' }),
    suppressed: z.boolean().openapi({ description: 'The address is on the suppression list as erased' }),
    receipt_sent: z.boolean(),
  })
  .openapi('Erasure');
