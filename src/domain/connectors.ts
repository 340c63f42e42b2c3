// Connectors as stored: their rows, their health and their activity log. A connector is an
// outbox target like a webhook endpoint: it receives contact.unsubscribed, contact.suppressed
// and contact.erased (and contact.confirmed when it pushes opt-ins). A 401 or 403 from the
// tool disables it (`unauthorized`), as five days of nothing but failures do (`failing`); its
// pending deliveries then end as failed, retryable by hand. What the tool files do lives in
// src/connectors/; this module knows only the tables.
import { and, desc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import { type ConnectorDisabledReason, connectorActivity, connectors, eventDeliveries } from '../db/schema';
import type { DbOrTx, DomainContext } from './context';
import { notFound } from './errors';
import { scrubFinishedEvents } from './events';
import { drizzleRun } from './numbered-sql';
import { disableTarget } from './target-health';

export type Connector = typeof connectors.$inferSelect;
export type NewConnector = typeof connectors.$inferInsert;

export async function insertConnector(db: DbOrTx, row: NewConnector): Promise<Connector> {
  const [created] = await db.insert(connectors).values(row).returning();
  return created;
}

export function listConnectors(db: DbOrTx): Promise<Connector[]> {
  return db.select().from(connectors).orderBy(desc(connectors.createdAt), connectors.id);
}

export async function findConnector(db: DbOrTx, id: string): Promise<Connector | undefined> {
  const [row] = await db.select().from(connectors).where(eq(connectors.id, id));
  return row;
}

export async function requireConnector(db: DbOrTx, id: string): Promise<Connector> {
  const row = await findConnector(db, id);
  if (!row) throw notFound('connector');
  return row;
}

export async function updateConnectorRow(
  ctx: DomainContext,
  id: string,
  changes: Partial<Omit<NewConnector, 'id' | 'createdAt'>>,
): Promise<Connector> {
  return ctx.db.transaction(async (tx) => {
    const current = await requireConnector(tx, id);
    const now = ctx.clock.now();
    const enabling = changes.enabled === true && !current.enabled;
    const disabling = changes.enabled === false && current.enabled;
    const { enabled: _ignored, ...rest } = changes;
    const [updated] = await tx
      .update(connectors)
      .set({
        ...rest,
        ...(enabling ? { enabled: true, disabledAt: null, disabledReason: null, failingSince: null } : {}),
        updatedAt: now,
      })
      .where(eq(connectors.id, id))
      .returning();
    if (disabling) return disableConnector(tx, id, 'staff', now);
    return updated;
  });
}

/** Removes the connector, its activity and its deliveries; events waiting only for it are scrubbed. */
export async function deleteConnector(ctx: DomainContext, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await requireConnector(tx, id);
    const mine = and(eq(eventDeliveries.targetType, 'connector'), eq(eventDeliveries.targetId, id));
    const events = await tx.selectDistinct({ id: eventDeliveries.eventId }).from(eventDeliveries).where(mine);
    await tx.run(sql`
      delete from delivery_attempts where delivery_id in (
        select id from event_deliveries where target_type = 'connector' and target_id = ${id})`);
    await tx.delete(eventDeliveries).where(mine);
    // Also by hand: the cascade only acts where the connection enforces foreign keys.
    await tx.delete(connectorActivity).where(eq(connectorActivity.connectorId, id));
    await tx.delete(connectors).where(eq(connectors.id, id));
    await scrubFinishedEvents(
      tx,
      events.map((e) => e.id),
      ctx.clock.now(),
    );
  });
}

export async function disableConnector(
  db: DbOrTx,
  id: string,
  reason: ConnectorDisabledReason,
  now: Date,
): Promise<Connector> {
  await disableTarget(drizzleRun(db), 'connector', id, reason, now);
  const [row] = await db.select().from(connectors).where(eq(connectors.id, id));
  return row;
}

export interface ActivityEntry {
  connectorId: string;
  direction: 'push' | 'inbound' | 'sync';
  /** In our words, never an address. */
  what: string;
  outcome: string;
  statusCode?: number | null;
}

export async function logActivity(db: DbOrTx, at: Date, entries: ActivityEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(connectorActivity).values(
    entries.map((e) => ({
      connectorId: e.connectorId,
      at,
      direction: e.direction,
      what: e.what.slice(0, 200),
      outcome: e.outcome.slice(0, 100),
      statusCode: e.statusCode ?? null,
    })),
  );
}

export async function listActivity(db: DbOrTx, id: string, opts: { limit: number; before?: number }) {
  const rows = await db
    .select()
    .from(connectorActivity)
    .where(
      and(
        eq(connectorActivity.connectorId, id),
        opts.before === undefined ? undefined : sql`${connectorActivity.id} < ${opts.before}`,
      ),
    )
    .orderBy(desc(connectorActivity.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  return { entries: page, nextBefore: rows.length > opts.limit ? page[page.length - 1].id : null };
}

/** Activity older than `before` (the retention job's part). */
export async function deleteActivityBefore(db: DbOrTx, before: Date): Promise<void> {
  await db.delete(connectorActivity).where(lte(connectorActivity.at, before));
}
