// The events mailprefs tells the world about, and the shape of each one's data. The same zod
// schemas type `recordEvent` and are published under `webhooks` in /openapi.json, so the
// document cannot drift from what is sent. The body follows the Standard Webhooks
// recommendation: { type, timestamp, data }.
import { z } from 'zod';

const contactId = z.string().describe("The contact's opaque id (as in links and GET /v1/contacts)");
const email = z.string().describe('The normalised address, so the receiving tool can act on it');
const source = z
  .string()
  .describe(
    'Where the change came from: one-click, unsubscribe-page, preference-center, api, import:<name>, …',
  );
const occurredAt = z.string().describe('When the change was recorded (ISO 8601)');
const campaign = z.string().optional().describe('The campaign of the link that was used, when there was one');
const brand = z.string().optional().describe('The brand the change was made under, when there are several');

const contactChange = {
  contact_id: contactId,
  email,
  source,
  campaign,
  brand,
  occurred_at: occurredAt,
};

export const eventDataSchemas = {
  'contact.subscribed': z
    .object({ ...contactChange, topic: z.string().describe('The topic key') })
    .describe('A direct opt-in (or an undo of an unsubscribe) for one topic'),
  'contact.pending': z
    .object({ ...contactChange, topic: z.string().describe('The topic key') })
    .describe('A double opt-in confirmation mail was sent; the topic waits for the click'),
  'contact.confirmed': z
    .object({ ...contactChange, topic: z.string().describe('The topic key') })
    .describe('A double opt-in was confirmed: the topic is now subscribed'),
  'contact.unsubscribed': z
    .object({
      ...contactChange,
      topic: z
        .string()
        .nullable()
        .describe('The topic key, or null for every topic (and topics created later)'),
    })
    .describe('An unsubscribe from one topic, or from everything'),
  'contact.paused': z
    .object({
      ...contactChange,
      topic: z.null(),
      paused_until: z.string().describe('Until when no mail may be sent to the contact (ISO 8601)'),
    })
    .describe(
      'The person paused all mail until a date; presend answers `paused` until then, and the pause ends by itself',
    ),
  'contact.resumed': z
    .object({ ...contactChange, topic: z.null() })
    .describe('The person ended a pause early: their choices count again from now'),
  'contact.suppressed': z
    .object({
      ...contactChange,
      contact_id: contactId.nullable().describe('null when the address belongs to no contact'),
      topic: z.null(),
      reason: z.enum(['bounced', 'complained', 'erased']).describe('Why the address may not be mailed again'),
    })
    .describe('The address is on the suppression list: never mail it again'),
  'contact.erased': z
    .object({
      ...contactChange,
      contact_id: contactId.nullable().describe('null when the address belonged to no contact'),
      topic: z.null(),
    })
    .describe("The contact's data was erased; delete it too, and keep the address from being mailed"),
  'topic.updated': z
    .object({
      topic: z.string().describe('The topic key'),
      name: z.record(z.string(), z.string()).describe('Name by locale'),
      basis: z.enum(['consent', 'legitimate_interest']),
      previous_basis: z
        .enum(['consent', 'legitimate_interest'])
        .nullable()
        .describe('The basis before this change, when it changed; null otherwise'),
      archived: z.boolean(),
      created: z.boolean().describe('Whether this change created the topic'),
      source,
      occurred_at: occurredAt,
    })
    .describe('A topic was created or changed, including a change of its legal basis'),
  'webhook.test': z
    .object({
      endpoint_id: z.string(),
      message: z.string(),
      occurred_at: occurredAt,
    })
    .describe('Sent by POST /v1/webhooks/{id}/test; never sent on its own'),
} as const;

export type EventType = keyof typeof eventDataSchemas;
export type EventData<T extends EventType> = z.infer<(typeof eventDataSchemas)[T]>;

/** The types an endpoint can subscribe to; `webhook.test` goes only where it is asked for. */
export const subscribableEventTypes = [
  'contact.subscribed',
  'contact.pending',
  'contact.confirmed',
  'contact.unsubscribed',
  'contact.paused',
  'contact.resumed',
  'contact.suppressed',
  'contact.erased',
  'topic.updated',
] as const satisfies readonly EventType[];
export type SubscribableEventType = (typeof subscribableEventTypes)[number];

/** The body of one event as receivers get it. */
export function eventEnvelopeSchema<T extends EventType>(type: T) {
  return z.object({
    type: z.literal(type),
    timestamp: z.string().describe('When the event happened (ISO 8601)'),
    data: eventDataSchemas[type],
  });
}

export interface EventEnvelope<T extends EventType = EventType> {
  type: T;
  timestamp: string;
  data: EventData<T>;
}

/** The fields a scrub removes: the ones that identify a person outside mailprefs. */
export const personalDataFields = ['email'] as const;
