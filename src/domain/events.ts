// The outbox's write side. `recordEvent(tx, event)` is the one call a change makes, inside its
// own transaction: it writes the event and one delivery per enabled target subscribed to the
// type, so the change and its event commit together or not at all. No subscribed target, no
// row: nothing to deliver means nothing to keep. The scrub functions remove the address once
// it is no longer needed to deliver an event.
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { type DeliveryTargetType, eventDeliveries, outboxEvents, webhookEndpoints } from '../db/schema';
import { connectorTargetIds } from './connector-targets';
import type { DbOrTx } from './context';
import { type EventData, type EventEnvelope, type EventType, personalDataFields } from './event-types';
import { drizzleRun, type RunSql } from './numbered-sql';
import { noteDeliverable } from './outbox-notifier';

/** What a change reports: its type, its data (without `occurred_at`) and when it happened. */
export type EventInput = {
  [T in EventType]: {
    type: T;
    at: Date;
    data: Omit<EventData<T>, 'occurred_at'>;
    /** The connector whose inbound call caused the change: it is not sent the change back. */
    origin?: string | null;
  };
}[EventType];

export interface TargetRef {
  targetType: DeliveryTargetType;
  targetId: string;
}

/**
 * The targets that receive an event type. Each kind of target lists its own: webhook endpoints
 * that are enabled and subscribed to the type (or to every type), and enabled connectors.
 */
export async function subscribedTargets(db: DbOrTx, type: EventType): Promise<TargetRef[]> {
  if (type === 'webhook.test') return [];
  const endpoints = await db
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.enabled, true));
  return targetsAmong(endpoints, await connectorTargetIds(db, type), type);
}

/**
 * `subscribedTargets` from what was read: the enabled endpoints (with the types they receive)
 * and the enabled connectors that receive `type`. For a writer that reads them itself.
 */
export function targetsAmong(
  endpoints: ReadonlyArray<{ id: string; events: readonly string[] | null }>,
  connectorIds: readonly string[],
  type: EventType,
): TargetRef[] {
  if (type === 'webhook.test') return [];
  const webhooks = endpoints
    .filter((e) => e.events === null || e.events.includes(type))
    .map((e) => ({ targetType: 'webhook' as const, targetId: e.id }));
  const connectors = connectorIds.map((id) => ({ targetType: 'connector' as const, targetId: id }));
  return [...webhooks, ...connectors];
}

/** The targets an event goes to: a change reported by a connector is not pushed back to it. */
export function targetsOfEvent(
  input: Pick<EventInput, 'origin'>,
  targets: readonly TargetRef[],
): TargetRef[] {
  return targets.filter((t) => !(t.targetType === 'connector' && t.targetId === input.origin));
}

export function eventEnvelope(input: EventInput): EventEnvelope {
  const occurredAt = input.at.toISOString();
  return {
    type: input.type,
    timestamp: occurredAt,
    data: { ...input.data, occurred_at: occurredAt },
  } as EventEnvelope;
}

/**
 * Writes an event and its deliveries through `db` (the caller's transaction). Returns the
 * event's id, or null when no target wants this type. `only` sends it to one target whatever
 * it subscribed to (the endpoint test).
 */
export async function recordEvent(
  db: DbOrTx,
  input: EventInput,
  opts: { only?: TargetRef } = {},
): Promise<number | null> {
  const targets = opts.only ? [opts.only] : await subscribedTargets(db, input.type);
  const [id] = await insertEvents(db, [input], () => targets);
  return id ?? null;
}

/**
 * `recordEvent` for several changes of one transaction (an import batch, a retention batch):
 * the targets are looked up once per type. Returns the ids of the events written.
 */
export async function recordEvents(db: DbOrTx, inputs: EventInput[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const byType = new Map<EventType, TargetRef[]>();
  for (const type of new Set(inputs.map((i) => i.type))) byType.set(type, await subscribedTargets(db, type));
  return insertEvents(db, inputs, (type) => byType.get(type) ?? []);
}

async function insertEvents(
  db: DbOrTx,
  inputs: EventInput[],
  targetsFor: (type: EventType) => TargetRef[],
): Promise<number[]> {
  const targetsOf = (input: EventInput) => targetsOfEvent(input, targetsFor(input.type));
  const wanted = inputs.filter((i) => targetsOf(i).length > 0);
  const ids: number[] = [];
  // 200 rows per statement stays well inside SQLite's limit on bound parameters.
  for (let start = 0; start < wanted.length; start += 200) {
    const chunk = wanted.slice(start, start + 200);
    const contactIds = chunk.map((i) => ('contact_id' in i.data ? (i.data.contact_id ?? null) : null));
    const events = await db
      .insert(outboxEvents)
      .values(
        chunk.map((input, k) => ({
          type: input.type,
          contactId: contactIds[k],
          payload: eventEnvelope(input) as unknown as Record<string, unknown>,
          occurredAt: input.at,
        })),
      )
      .returning({ id: outboxEvents.id });
    const deliveries = chunk.flatMap((input, k) =>
      targetsOf(input).map((t) => ({
        eventId: events[k].id,
        targetType: t.targetType,
        targetId: t.targetId,
        contactId: contactIds[k],
        status: 'pending' as const,
        nextAttemptAt: input.at,
        createdAt: input.at,
      })),
    );
    for (let d = 0; d < deliveries.length; d += 200) {
      await db.insert(eventDeliveries).values(deliveries.slice(d, d + 200));
    }
    for (const e of events) {
      ids.push(e.id);
      noteDeliverable(db, e.id);
    }
  }
  return ids;
}

/** `json_remove(payload, '$.data.email', …)`: the payload with every personal field removed. */
const scrubbedPayload = `json_remove(payload, ${personalDataFields.map((f) => `'$.data.${f}'`).join(', ')})`;

/**
 * Scrubs those of the events in ?1 (a JSON array of ids) whose every delivery has ended, at ?2:
 * one text, so a store that prepares its statements prepares it once.
 */
const SCRUB_FINISHED_SQL = `update outbox_events set payload = ${scrubbedPayload}, scrubbed_at = ?2
where id in (select value from json_each(?1))
  and scrubbed_at is null
  and not exists (
    select 1 from event_deliveries d where d.event_id = outbox_events.id and d.status = 'pending')`;

/** Scrubs those of `eventIds` whose every delivery has ended (delivered, failed or cancelled). */
export function scrubFinishedEvents(db: DbOrTx, eventIds: number[], now: Date): Promise<void> {
  return scrubFinished(drizzleRun(db), eventIds, now);
}

/** The same through any RunSql: the dispatcher thread's prepared store runs it on its own connection. */
export async function scrubFinished(run: RunSql, eventIds: number[], now: Date): Promise<void> {
  if (eventIds.length === 0) return;
  await run(SCRUB_FINISHED_SQL, [JSON.stringify([...new Set(eventIds)]), now.getTime()]);
}

/**
 * An erasure's part: the contacts' events not yet delivered lose the address and are not
 * delivered any more, except the `contact.erased` events themselves, which receivers need in
 * order to erase the address too. Returns how many events were scrubbed.
 */
export async function scrubContactEvents(
  db: DbOrTx,
  contactIds: string | string[],
  now: Date,
): Promise<number> {
  const ids = Array.isArray(contactIds) ? contactIds : [contactIds];
  if (ids.length === 0) return 0;
  const events = await db
    .select({ id: outboxEvents.id })
    .from(outboxEvents)
    .where(
      and(
        inArray(outboxEvents.contactId, ids),
        isNull(outboxEvents.scrubbedAt),
        ne(outboxEvents.type, 'contact.erased'),
      ),
    );
  if (events.length === 0) return 0;
  const eventIds = events.map((e) => e.id);
  await db
    .update(eventDeliveries)
    .set({
      status: 'cancelled',
      completedAt: now,
      leaseHolder: null,
      leaseExpiresAt: null,
      lastError: 'the contact was erased',
    })
    .where(and(inArray(eventDeliveries.eventId, eventIds), eq(eventDeliveries.status, 'pending')));
  await scrubFinishedEvents(db, eventIds, now);
  return eventIds.length;
}
