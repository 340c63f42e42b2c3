// What the mail provider tells us about delivery: a permanent bounce or a spam complaint puts
// the address on the suppression list (and in the contact's consent trail, if there is one).
// Each provider event is handled once; a replay of the same event id changes nothing.
import type { SuppressionReason } from '../db/schema';
import { type Op, withTransaction } from './context';
import { isValidEmail, normaliseEmail } from './email';
import { addSuppression } from './suppressions';
import { rememberWebhookId } from './webhook-ids';

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

export async function handleDeliveryEvent({
  ctx,
  input: { provider, event },
}: Op<{ provider: string; event: DeliveryEvent }>): Promise<DeliveryEventOutcome> {
  return withTransaction(ctx, async (tx) => {
    // Recorded in the same transaction as its effect: a failure leaves neither, so the
    // provider's retry is handled; a success leaves both, so a replay is a no-op.
    if (!(await rememberWebhookId({ ctx: tx, input: { provider, id: event.eventId } }))) return 'duplicate';
    const reason = suppressionFor(event);
    if (!reason) return 'ignored';
    const addresses = [...new Set(event.recipients.map(normaliseEmail))].filter(isValidEmail);
    for (const email of addresses) {
      await addSuppression({
        ctx: tx,
        input: {
          email,
          reason,
          source: `${provider}-webhook`,
          consent: {
            eventId: event.eventId,
            messageId: event.messageId,
            note: reason === 'bounced' ? 'permanent bounce' : 'spam complaint',
          },
        },
      });
    }
    return addresses.length ? 'suppressed' : 'ignored';
  });
}
