// What staff see of a target's deliveries (newest first, a page at a time, each with its
// attempts), sending one again by hand, and how long those records are kept: attempts for 30
// days, and events whose every delivery ended more than 30 days ago go with their deliveries.
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import {
  contacts,
  type DeliveryTargetType,
  deliveryAttempts,
  eventDeliveries,
  outboxEvents,
} from '../db/schema';
import { DAY_MS } from './clock';
import { type DbOrTx, type Op, withTransaction } from './context';
import { AppError } from './errors';
import { noteDeliverable } from './outbox-notifier';

export const DELIVERY_RECORD_DAYS = 30;

export type Delivery = typeof eventDeliveries.$inferSelect;
export type Attempt = typeof deliveryAttempts.$inferSelect;

export interface DeliveryWithAttempts extends Delivery {
  eventType: string;
  occurredAt: Date;
  attemptLog: Attempt[];
}

interface DeliveriesPage {
  target: { targetType: DeliveryTargetType; targetId: string };
  limit: number;
  before?: number;
}

export async function listDeliveries({
  ctx: { db },
  input: { target, ...page },
}: Op<DeliveriesPage>): Promise<{ deliveries: DeliveryWithAttempts[]; nextBefore: number | null }> {
  const rows = await db
    .select({ delivery: eventDeliveries, eventType: outboxEvents.type, occurredAt: outboxEvents.occurredAt })
    .from(eventDeliveries)
    .innerJoin(outboxEvents, eq(outboxEvents.id, eventDeliveries.eventId))
    .where(
      and(
        eq(eventDeliveries.targetType, target.targetType),
        eq(eventDeliveries.targetId, target.targetId),
        page.before === undefined ? undefined : lt(eventDeliveries.id, page.before),
      ),
    )
    .orderBy(desc(eventDeliveries.id))
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  const attempts = shown.length
    ? await db
        .select()
        .from(deliveryAttempts)
        .where(
          inArray(
            deliveryAttempts.deliveryId,
            shown.map((r) => r.delivery.id),
          ),
        )
        .orderBy(desc(deliveryAttempts.id))
    : [];
  return {
    deliveries: shown.map((r) => ({
      ...r.delivery,
      eventType: r.eventType,
      occurredAt: r.occurredAt,
      attemptLog: attempts.filter((a) => a.deliveryId === r.delivery.id),
    })),
    nextBefore: rows.length > page.limit ? shown[shown.length - 1].delivery.id : null,
  };
}

/** The retention job's part: old attempts, and old events whose every delivery has ended. */
export async function deleteOldDeliveryRecords(
  db: DbOrTx,
  now: Date,
): Promise<{ attemptsDeleted: number; eventsDeleted: number }> {
  const cutoff = now.getTime() - DELIVERY_RECORD_DAYS * DAY_MS;
  const attempts = await db
    .delete(deliveryAttempts)
    .where(lt(deliveryAttempts.attemptedAt, new Date(cutoff)))
    .returning({ id: deliveryAttempts.id });
  const old = sql`select e.id from outbox_events e
    where e.occurred_at < ${cutoff} and not exists (
      select 1 from event_deliveries d
      where d.event_id = e.id and (d.status = 'pending' or d.completed_at >= ${cutoff}))`;
  await db.run(sql`delete from delivery_attempts where delivery_id in (
    select id from event_deliveries where event_id in (${old}))`);
  await db.run(sql`delete from event_deliveries where event_id in (${old})`);
  const events = await db.run(sql`delete from outbox_events where id in (${old})`);
  return { attemptsDeleted: attempts.length, eventsDeleted: Number(events.rowsAffected ?? 0) };
}

/**
 * Sends a delivery again by hand: it becomes due now for one more attempt (two, three… if it
 * is retried again). Refused while it is still pending, when its endpoint is disabled, or
 * when what it was about has been erased.
 */
export async function retryDeliveryByHand({
  ctx,
  input: { target, deliveryId },
}: Op<{
  target: { targetType: DeliveryTargetType; targetId: string; enabled: boolean };
  deliveryId: number;
}>): Promise<typeof eventDeliveries.$inferSelect> {
  return withTransaction(ctx, async ({ db: tx }) => {
    const [delivery] = await tx
      .select()
      .from(eventDeliveries)
      .where(
        and(
          eq(eventDeliveries.id, deliveryId),
          eq(eventDeliveries.targetType, target.targetType),
          eq(eventDeliveries.targetId, target.targetId),
        ),
      );
    if (!delivery) throw new AppError('not_found', 'delivery not found');
    if (!target.enabled) throw new AppError('conflict', 'the endpoint is disabled; enable it first');
    if (delivery.status === 'pending')
      throw new AppError('conflict', 'the delivery is still being attempted');
    if (delivery.status === 'cancelled') {
      throw new AppError('conflict', 'the contact was erased before this event was delivered');
    }
    const [event] = await tx.all<{ contact_gone: number }>(sql`
      select (e.scrubbed_at is not null and e.contact_id is not null
        and not exists (select 1 from ${contacts} c where c.id = e.contact_id)) as contact_gone
      from outbox_events e where e.id = ${delivery.eventId}`);
    if (event && Number(event.contact_gone) === 1) {
      throw new AppError('conflict', "the contact's data was erased since; there is nothing left to send");
    }
    const now = ctx.clock.now();
    const [updated] = await tx
      .update(eventDeliveries)
      .set({
        status: 'pending',
        nextAttemptAt: now,
        completedAt: null,
        leaseHolder: null,
        leaseExpiresAt: null,
      })
      .where(eq(eventDeliveries.id, deliveryId))
      .returning();
    noteDeliverable(tx, delivery.eventId);
    return updated;
  });
}
