// Which connectors an event goes to, for the outbox's write side (events.ts). Apart from
// connectors.ts so the outbox does not import what imports it.
import { eq } from 'drizzle-orm';
import { connectors } from '../db/schema';
import type { DbOrTx } from './context';
import type { EventType } from './event-types';

/** The event types every connector receives; contact.confirmed only with push_opt_ins. */
export const connectorEventTypes: readonly EventType[] = [
  'contact.unsubscribed',
  'contact.suppressed',
  'contact.erased',
];

export async function connectorTargetIds(db: DbOrTx, type: EventType): Promise<string[]> {
  if (!connectorsReceive(type)) return [];
  const rows = await db
    .select({ id: connectors.id, pushOptIns: connectors.pushOptIns })
    .from(connectors)
    .where(eq(connectors.enabled, true));
  return connectorsFor(rows, type);
}

const connectorsReceive = (type: EventType) =>
  connectorEventTypes.includes(type) || type === 'contact.confirmed';

/** Of the enabled connectors, those that receive `type`. */
export function connectorsFor(
  rows: ReadonlyArray<{ id: string; pushOptIns: boolean }>,
  type: EventType,
): string[] {
  if (!connectorsReceive(type)) return [];
  const wantsAll = connectorEventTypes.includes(type);
  return rows.filter((r) => wantsAll || r.pushOptIns).map((r) => r.id);
}
