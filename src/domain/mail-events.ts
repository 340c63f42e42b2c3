// What the mail provider tells us about delivery: a permanent bounce or a spam complaint puts
// the address on the suppression list (and in the contact's consent trail, if there is one).
// Each provider event is handled once; a replay of the same event id changes nothing.
import { processedWebhooks, type SuppressionReason } from '../db/schema';
import type { DomainContext } from './context';
import { isValidEmail, normaliseEmail } from './email';
import { addSuppression } from './suppressions';

export interface DeliveryEvent {
  /** The provider's delivery id for the event (`svix-id`), unique per event. */
  eventId: string;
  type: string;
  /** The provider's id of the mail the event is about. */
  messageId?: string | null;
  recipients: string[];
  /** For bounces: Permanent, Transient or Undetermined. */
  bounceType?: string | null;
}

export type DeliveryEventOutcome = 'suppressed' | 'ignored' | 'duplicate';

/** Which suppression an event calls for, if any. Soft bounces retry on their own. */
export function suppressionFor(event: Pick<DeliveryEvent, 'type' | 'bounceType'>): SuppressionReason | null {
  if (event.type === 'email.bounced')
    return event.bounceType?.toLowerCase() === 'permanent' ? 'bounced' : null;
  if (event.type === 'email.complained') return 'complained';
  return null;
}

export async function handleDeliveryEvent(
  ctx: DomainContext,
  hashKey: string,
  provider: string,
  event: DeliveryEvent,
): Promise<DeliveryEventOutcome> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    // Recording the id in the same transaction as its effect: a failure leaves neither, so the
    // provider's retry is handled; a success leaves both, so a replay is a no-op.
    const [fresh] = await tx
      .insert(processedWebhooks)
      .values({ id: `${provider}:${event.eventId}`.slice(0, 300), receivedAt: now })
      .onConflictDoNothing()
      .returning({ id: processedWebhooks.id });
    if (!fresh) return 'duplicate';
    const reason = suppressionFor(event);
    if (!reason) return 'ignored';
    const addresses = [...new Set(event.recipients.map(normaliseEmail))].filter(isValidEmail);
    for (const email of addresses) {
      await addSuppression(tx, now, hashKey, {
        email,
        reason,
        source: `${provider}-webhook`,
        consent: {
          eventId: event.eventId,
          messageId: event.messageId,
          note: reason === 'bounced' ? 'permanent bounce' : 'spam complaint',
        },
      });
    }
    return addresses.length ? 'suppressed' : 'ignored';
  });
}
