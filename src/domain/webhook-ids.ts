// Webhook deliveries we handled, by provider and delivery id (processed_webhooks), so that a
// replay changes nothing: Resend's delivery events and signed presend calls alike.
import { sql } from 'drizzle-orm';
import { processedWebhooks } from '../db/schema';
import type { Op } from './context';

interface WebhookId {
  /** Whose ids: `resend`, `presend`. */
  provider: string;
  /** The sender's delivery id (`webhook-id`, `svix-id`). */
  id: string;
}

const keyOf = ({ provider, id }: WebhookId) => `${provider}:${id}`.slice(0, 300);

/** Whether a delivery id was handled before. */
export async function webhookIdSeen({ ctx, input }: Op<WebhookId>): Promise<boolean> {
  const rows = await ctx.db.all<{ one: number }>(
    sql`select 1 as one from ${processedWebhooks} where id = ${keyOf(input)}`,
  );
  return rows.length > 0;
}

/**
 * Records a handled delivery id; false when it was recorded already (a replay, or one that raced
 * the first delivery). Written in the transaction of the delivery's effect, a failure leaves
 * neither and a success both. With `forgetAfterMs`, the provider's ids received longer ago than
 * that are dropped on the way, for senders whose older ids would be refused anyway.
 */
export async function rememberWebhookId({
  ctx,
  input,
}: Op<WebhookId & { forgetAfterMs?: number }>): Promise<boolean> {
  const now = ctx.clock.now();
  const inserted = await ctx.db
    .insert(processedWebhooks)
    .values({ id: keyOf(input), receivedAt: now })
    .onConflictDoNothing()
    .returning({ id: processedWebhooks.id });
  if (input.forgetAfterMs !== undefined) {
    const cutoff = now.getTime() - input.forgetAfterMs;
    // [`provider:`, `provider;`) is exactly the ids that start with `provider:`.
    await ctx.db.run(
      sql`delete from ${processedWebhooks} where id >= ${`${input.provider}:`} and id < ${`${input.provider};`} and received_at < ${cutoff}`,
    );
  }
  return inserted.length > 0;
}
