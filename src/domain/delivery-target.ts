// What the outbox asks of a target (a webhook endpoint now, a mailing-tool connector later):
// given an event, deliver it, and say how it went. The outbox turns the answer into the
// delivery's next state; the target never touches the outbox tables itself.
import type { EventEnvelope } from './event-types';

export interface OutboundMessage {
  /** Stable for every attempt of this event to this target, so receivers can deduplicate. */
  messageId: string;
  deliveryId: number;
  eventId: number;
  /** 1 for the first attempt. */
  attempt: number;
  event: EventEnvelope;
}

interface OutcomeFacts {
  /** The HTTP status the target answered with, when it answered at all. */
  statusCode?: number;
  /** What went wrong, in our words (`HTTP 500`, `timeout`); never a response body. */
  error?: string;
}

export type DeliveryOutcome =
  | ({ result: 'delivered' } & OutcomeFacts)
  /** Try again on the schedule, or not before `retryAfterSeconds` when the target said so. */
  | ({ result: 'retry'; retryAfterSeconds?: number } & OutcomeFacts)
  /** This event cannot be delivered to this target; others still can. */
  | ({ result: 'give_up' } & OutcomeFacts)
  /** The target is gone for good (a 410): stop sending it anything. */
  | ({ result: 'disable_target' } & OutcomeFacts);

export interface DeliveryTarget {
  deliver(message: OutboundMessage): Promise<DeliveryOutcome>;
}
