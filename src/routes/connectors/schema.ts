// The shapes of the connector API, shared by its operations. Credentials go in and never come
// out: no response schema has a field for them.
import { z } from '@hono/zod-openapi';
import { connectorDisabledReasons, connectorTypes } from '../../db/schema';
import type { Connector } from '../../domain/connectors';

export const ConnectorId = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'con_3kTMd9aPq1xY7bZr' }),
});

const Name = z.string().trim().min(1).max(200);
const Credentials = z.record(z.string(), z.unknown()).openapi({
  description:
    "The tool's API key and, where the tool has one, its webhook token or secret: mailchimp { api_key } (…-usNN), brevo { api_key, webhook_token? }, laposta { api_key }, resend { api_key, webhook_secret? }. Stored sealed; never returned.",
});
const Settings = z.record(z.string(), z.unknown()).openapi({
  description:
    'Topics mapped to the tool: mailchimp { list_id, topics: { <topic>: { interest_id } | { list_id } } }, brevo { topics: { <topic>: { list_id: <number> } } }, laposta { topics: { <topic>: { list_id } } }, resend { topics: { <topic>: { topic_id } } }',
});
const ApiBase = z.string().trim().url().max(2000).openapi({
  description:
    "Overrides the vendor's base URL (a proxy, a test stand-in); the same address rules as webhook URLs",
});

export const ConnectorInput = z
  .object({
    type: z.enum(connectorTypes),
    name: Name,
    credentials: Credentials,
    settings: Settings,
    api_base: ApiBase.optional(),
    push_opt_ins: z.boolean().optional().openapi({
      description: 'Also push confirmed opt-ins (double opt-in) to the tool; off by default',
    }),
  })
  .strict()
  .openapi('ConnectorInput');

export const ConnectorPatch = z
  .object({
    name: Name.optional(),
    credentials: Credentials.optional(),
    settings: Settings.optional(),
    api_base: ApiBase.nullable().optional(),
    push_opt_ins: z.boolean().optional(),
    enabled: z.boolean().optional().openapi({
      description: 'false stops pushes (pending ones end as failed); true enables a disabled connector again',
    }),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change' })
  .openapi('ConnectorPatch');

export const ConnectorOutput = z
  .object({
    id: z.string(),
    type: z.enum(connectorTypes),
    name: z.string(),
    settings: z.record(z.string(), z.unknown()),
    api_base: z.string().nullable(),
    push_opt_ins: z.boolean(),
    enabled: z.boolean(),
    state: z.enum(['active', 'failing', 'disabled']).openapi({
      description:
        'active; failing (its last pushes failed, since failing_since); disabled (see disabled_reason)',
    }),
    disabled_reason: z.enum(connectorDisabledReasons).nullable().openapi({
      description:
        'unauthorized (the tool answered 401/403), failing (every push failed for 5 days), staff (PATCH)',
    }),
    disabled_at: z.string().nullable(),
    failing_since: z.string().nullable(),
    inbound_url: z.string().openapi({
      description: "Where the tool posts its own opt-outs (its webhook URL); the path's secret is the proof",
    }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Connector');

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function connectorJson(c: Connector, inboundUrl: string): z.infer<typeof ConnectorOutput> {
  return {
    id: c.id,
    type: c.type,
    name: c.name,
    settings: c.settings,
    api_base: c.apiBase,
    push_opt_ins: c.pushOptIns,
    enabled: c.enabled,
    state: !c.enabled ? 'disabled' : c.failingSince ? 'failing' : 'active',
    disabled_reason: c.disabledReason,
    disabled_at: iso(c.disabledAt),
    failing_since: iso(c.failingSince),
    inbound_url: inboundUrl,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

export const ActivityOutput = z
  .object({
    id: z.number().int(),
    at: z.string(),
    direction: z.enum(['push', 'inbound', 'sync']),
    what: z.string().openapi({ description: 'unsubscribe topic news, unsubscribe everything, erase, …' }),
    outcome: z
      .string()
      .openapi({ description: 'ok, unknown member, will retry (HTTP 429), applied, ignored, …' }),
    status_code: z.number().int().nullable(),
  })
  .openapi('ConnectorActivity');

export const common = { tags: ['Connectors'], security: [{ bearer: [] }] };
