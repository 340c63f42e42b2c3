// The statements of a batch of one-click opt-outs (the OptOutStore port of
// src/domain/opt-out-batch.ts): one read of every opt-out's contact, topic and status, two
// small reads of who receives events, then one set-based write per table, whatever the batch's
// size. Each write takes its rows as one JSON array through `json_each`, so a statement's text
// never changes and a connection prepares it once. Values are stored as drizzle stores them
// (timestamps in milliseconds, JSON columns as text), so readers through the schema see the
// same rows as from the one-at-a-time path.
import type { InStatement } from '@libsql/client';
import { eventEnvelope } from '../../domain/events';
import type { OptOutFacts, OptOutTargets, OptOutWrites, TopicOptOut } from '../../domain/opt-out-batch';
import type { SubscriptionStatus } from '../schema';

/** A result's rows, read by position (arrays from a prepared statement, rows from the client). */
export type Rows = ArrayLike<ArrayLike<unknown>>;

const item = (n: number) => `json_extract(value, '$[${n}]')`;

export const FACTS_SQL = `select c.id, c.email, c.unsubscribed_all_at, t.key, t.brand, s.status
from json_each(?1) r
left join contacts c on c.id = json_extract(r.value, '$[0]')
left join topics t on t.key = json_extract(r.value, '$[1]')
left join subscriptions s on s.contact_id = c.id and s.topic_key = t.key
order by r.key`;
export const ENDPOINTS_SQL = 'select id, events from webhook_endpoints where enabled = 1';
export const CONNECTORS_SQL = 'select id, push_opt_ins from connectors where enabled = 1';

// `where true` tells the parser that `on conflict` is the upsert's, not the join's.
export const SUBSCRIPTIONS_SQL = `insert into subscriptions (contact_id, topic_key, status, updated_at)
select ${item(0)}, ${item(1)}, ${item(2)}, ?2 from json_each(?1) where true
on conflict (contact_id, topic_key) do update set status = excluded.status, updated_at = excluded.updated_at`;

const TRAIL_COLUMNS = [
  ['contact_id', 'contactId'],
  ['topic_key', 'topicKey'],
  ['action', 'action'],
  ['source', 'source'],
  ['occurred_at', 'occurredAt'],
  ['ip', 'ip'],
  ['user_agent', 'userAgent'],
  ['wording', 'wording'],
  ['wording_hash', 'wordingHash'],
  ['token_id', 'tokenId'],
  ['api_key_id', 'apiKeyId'],
  ['campaign', 'campaign'],
  ['source_url', 'sourceUrl'],
  ['message_id', 'messageId'],
  ['event_id', 'eventId'],
  ['note', 'note'],
] as const;
export const TRAIL_SQL = `insert into consent_events (${TRAIL_COLUMNS.map(([c]) => c).join(', ')})
select ${TRAIL_COLUMNS.map((_, n) => item(n)).join(', ')} from json_each(?1)`;

export const EVENTS_SQL = `insert into outbox_events (type, contact_id, payload, occurred_at)
select ${item(0)}, ${item(1)}, ${item(2)}, ${item(3)} from json_each(?1) returning id`;
export const DELIVERIES_SQL = `insert into event_deliveries
(event_id, target_type, target_id, contact_id, status, next_attempt_at, created_at)
select ${item(0)}, ${item(1)}, ${item(2)}, ${item(3)}, 'pending', ${item(4)}, ${item(4)} from json_each(?1)`;
export const TOUCH_SQL =
  'update contacts set updated_at = ?2, last_activity_at = ?2 where id in (select value from json_each(?1))';

/** The reads, in this order: facts, endpoints, connectors. */
export function readStatements(optOuts: readonly TopicOptOut[]): InStatement[] {
  const keys = JSON.stringify(optOuts.map((o) => [o.contactId, o.topic]));
  return [{ sql: FACTS_SQL, args: [keys] }, ENDPOINTS_SQL, CONNECTORS_SQL];
}

export function decodeReads([facts, endpoints, connectors]: Rows[]): {
  facts: OptOutFacts[];
  targets: OptOutTargets;
} {
  return {
    facts: Array.from(facts, (r) => ({
      contact:
        r[0] === null ? null : { id: String(r[0]), email: String(r[1]), unsubscribedAllAt: date(r[2]) },
      topic: r[3] === null ? null : { key: String(r[3]), brand: String(r[4]) },
      status: (r[5] as SubscriptionStatus | null) ?? null,
    })),
    targets: {
      endpoints: Array.from(endpoints, (r) => ({
        id: String(r[0]),
        events: r[1] === null ? null : (JSON.parse(String(r[1])) as string[]),
      })),
      connectors: Array.from(connectors, (r) => ({ id: String(r[0]), pushOptIns: Number(r[1]) === 1 })),
    },
  };
}

/** The outbox insert, which answers the new events' ids; null when no event has a target. */
export function eventsStatement(writes: OptOutWrites): InStatement | null {
  if (writes.events.length === 0) return null;
  const rows = writes.events.map(({ event }) => [
    event.type,
    'contact_id' in event.data ? (event.data.contact_id ?? null) : null,
    JSON.stringify(eventEnvelope(event)),
    event.at.getTime(),
  ]);
  return { sql: EVENTS_SQL, args: [JSON.stringify(rows)] };
}

/**
 * The outbox answers ids in no promised order; AUTOINCREMENT hands them out ascending in the
 * order the rows were inserted, which is the order of `writes.events`.
 */
export function eventIdsOf(rows: Rows): number[] {
  return Array.from(rows, (r) => Number(r[0])).sort((a, b) => a - b);
}

/** The other writes, in the order the one-at-a-time path makes them. */
export function writeStatements(writes: OptOutWrites, eventIds: readonly number[]): InStatement[] {
  const at = writes.at.getTime();
  const out: InStatement[] = [];
  if (writes.subscriptions.length > 0) {
    const rows = writes.subscriptions.map((s) => [s.contactId, s.topicKey, s.status]);
    out.push({ sql: SUBSCRIPTIONS_SQL, args: [JSON.stringify(rows), at] });
  }
  if (writes.trail.length > 0) {
    const rows = writes.trail.map((row) =>
      TRAIL_COLUMNS.map(([, field]) => {
        const value = row[field];
        return value instanceof Date ? value.getTime() : (value ?? null);
      }),
    );
    out.push({ sql: TRAIL_SQL, args: [JSON.stringify(rows)] });
  }
  const deliveries = writes.events.flatMap(({ event, targets }, k) =>
    targets.map((t) => [
      eventIds[k],
      t.targetType,
      t.targetId,
      'contact_id' in event.data ? (event.data.contact_id ?? null) : null,
      event.at.getTime(),
    ]),
  );
  if (deliveries.length > 0) out.push({ sql: DELIVERIES_SQL, args: [JSON.stringify(deliveries)] });
  if (writes.touched.length > 0) out.push({ sql: TOUCH_SQL, args: [JSON.stringify(writes.touched), at] });
  return out;
}

function date(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(Number(value));
}
