// The shapes of the webhook endpoint API, shared by its operations.
import { z } from '@hono/zod-openapi';
import { deliveryStatuses, webhookDisabledReasons } from '../../db/schema';
import type { DeliveryWithAttempts } from '../../domain/delivery-log';
import { subscribableEventTypes } from '../../domain/event-types';
import type { WebhookEndpoint } from '../../domain/webhook-endpoints';

const Url = z.string().trim().min(1).max(2000).openapi({
  description: 'https URL that receives the events',
  example: 'https://hooks.example.com/mailprefs',
});
const Events = z
  .array(z.enum(subscribableEventTypes))
  .min(1)
  .max(subscribableEventTypes.length * 2)
  .openapi({ description: 'The event types to send; every type (including later ones) when omitted' });
const Description = z.string().trim().max(500);

export const EndpointId = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'we_3kTMd9aPq1xY7bZr' }),
});

export const EndpointInput = z
  .object({ url: Url, events: Events.optional(), description: Description.optional() })
  .strict()
  .openapi('WebhookEndpointInput');

export const EndpointPatch = z
  .object({
    url: Url.optional(),
    events: Events.nullable().optional().openapi({ description: 'null: every type' }),
    description: Description.nullable().optional(),
    enabled: z.boolean().optional().openapi({
      description:
        'false stops deliveries (pending ones end as failed); true enables a disabled endpoint again',
    }),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change' })
  .openapi('WebhookEndpointPatch');

export const EndpointOutput = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.enum(subscribableEventTypes)),
    enabled: z.boolean(),
    disabled_reason: z.enum(webhookDisabledReasons).nullable().openapi({
      description:
        'Why it is disabled: gone (it answered 410), failing (every delivery failed for 5 days), staff (PATCH)',
    }),
    disabled_at: z.string().nullable(),
    failing_since: z.string().nullable().openapi({
      description: 'The first failed attempt since the last success; five days of failures disable it',
    }),
    previous_secret_expires_at: z
      .string()
      .nullable()
      .openapi({ description: 'After a rotation, until when the previous secret also signs' }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('WebhookEndpoint');

export const EndpointWithSecret = EndpointOutput.extend({
  secret: z.string().openapi({ description: 'whsec_…: shown once; verify signatures with it' }),
}).openapi('WebhookEndpointWithSecret');

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function endpointJson(e: WebhookEndpoint): z.infer<typeof EndpointOutput> {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: (e.events ?? [...subscribableEventTypes]) as Array<(typeof subscribableEventTypes)[number]>,
    enabled: e.enabled,
    disabled_reason: e.disabledReason,
    disabled_at: iso(e.disabledAt),
    failing_since: iso(e.failingSince),
    previous_secret_expires_at: iso(e.previousSecretExpiresAt),
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}

const AttemptOutput = z
  .object({
    attempt: z.number().int(),
    attempted_at: z.string(),
    status_code: z.number().int().nullable(),
    duration_ms: z.number().int(),
    error: z.string().nullable().openapi({ description: 'timeout, connection refused, HTTP 500, …' }),
  })
  .openapi('DeliveryAttempt');

export const DeliveryOutput = z
  .object({
    id: z.number().int(),
    event_id: z.number().int(),
    event_type: z.string(),
    occurred_at: z.string(),
    status: z.enum(deliveryStatuses),
    attempts: z.number().int(),
    next_attempt_at: z.string().nullable().openapi({ description: 'When pending: the next attempt' }),
    completed_at: z.string().nullable(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    attempt_log: z
      .array(AttemptOutput)
      .openapi({ description: 'Every attempt kept (30 days), newest first' }),
  })
  .openapi('WebhookDelivery');

export function deliveryJson(d: DeliveryWithAttempts): z.infer<typeof DeliveryOutput> {
  return {
    id: d.id,
    event_id: d.eventId,
    event_type: d.eventType,
    occurred_at: d.occurredAt.toISOString(),
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    completed_at: iso(d.completedAt),
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    attempt_log: d.attemptLog.map((a) => ({
      attempt: a.attempt,
      attempted_at: a.attemptedAt.toISOString(),
      status_code: a.statusCode,
      duration_ms: a.durationMs,
      error: a.error,
    })),
  };
}

export const common = { tags: ['Webhook endpoints'], security: [{ bearer: [] }] };
