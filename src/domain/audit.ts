// The audit log of staff actions (db/schema/audit.ts): who changed which topic, key or setting,
// when, and from what to what. Callers write the entry inside the transaction that makes the
// change, so there is never a change without its entry or an entry for a change that failed.
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { type AuditActorType, auditEvents } from '../db/schema';
import type { Op } from './context';

export type AuditEvent = typeof auditEvents.$inferSelect;

export interface AuditActor {
  type: AuditActorType;
  /** The API key's id; null for the CLI and the system itself. */
  id: string | null;
}

/** For changes made by the service's own code (benchmarks, scripts), not by a person or key. */
export const systemActor: AuditActor = { type: 'system', id: null };

export interface AuditEntry {
  actor: AuditActor;
  /** `<subject>.<verb>`: `topic.created`, `topic.basis_changed`, … */
  action: string;
  subjectType: string;
  subjectId: string | null;
  /** What changed, from what to what; never an address. */
  details?: Record<string, unknown>;
}

/** Writes an entry, at `at` when the change has a time of its own (else the clock's now). */
export async function recordAudit({ ctx, input: entry }: Op<AuditEntry & { at?: Date }>): Promise<void> {
  await ctx.db.insert(auditEvents).values({
    occurredAt: entry.at ?? ctx.clock.now(),
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    details: entry.details ?? null,
  });
}

export const MAX_AUDIT_PAGE = 500;

export interface AuditFilter {
  subjectType?: string;
  subjectId?: string;
  action?: string;
  /** Only entries older than this entry id: the `next_before` of the previous page. */
  before?: number;
  limit: number;
}

/**
 * Entries newest first, by id: ids only grow (AUTOINCREMENT), so they order entries by when they
 * were written even when two share a timestamp, and make a stable cursor.
 */
export async function listAudit({ ctx, input: filter }: Op<AuditFilter>): Promise<AuditEvent[]> {
  const where: SQL[] = [];
  if (filter.subjectType !== undefined) where.push(eq(auditEvents.subjectType, filter.subjectType));
  if (filter.subjectId !== undefined) where.push(eq(auditEvents.subjectId, filter.subjectId));
  if (filter.action !== undefined) where.push(eq(auditEvents.action, filter.action));
  if (filter.before !== undefined) where.push(lt(auditEvents.id, filter.before));
  return ctx.db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(Math.min(Math.max(1, filter.limit), MAX_AUDIT_PAGE));
}
