// The audit log: who did what to which topic, contact, key or setting, and when. Append-only
// like the consent trail (a trigger refuses UPDATE). It names subjects by id only, never by
// address, so it holds no personal data beyond the opaque ids it points at.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const auditActorTypes = ['api_key', 'user', 'cli', 'system'] as const;
export type AuditActorType = (typeof auditActorTypes)[number];

export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }).notNull(),
    actorType: text('actor_type', { enum: auditActorTypes }).notNull(),
    // The API key's or user's id; null for the CLI and the system itself.
    actorId: text('actor_id'),
    // What was done, as `<subject>.<verb>`: `topic.basis_changed`, `contact.unsubscribed`, …
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    // What changed, from what to what; never an address.
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_events_subject_idx').on(t.subjectType, t.subjectId, t.occurredAt),
    index('audit_events_occurred_idx').on(t.occurredAt),
  ],
);
