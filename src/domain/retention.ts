// Retention: the policies promise that data of people who do not become subscribers is
// deleted. Two rules, run on a schedule:
//   - pending sign-ups never confirmed within `pendingDays` are deleted;
//   - contacts with no active subscription and no activity for `inactiveDays` are deleted.
// Neither touches a contact in a customer relationship (customer-relationship.ts, the facts
// presend's soft opt-in rests on): current customers, and former customers while the soft
// opt-in window (SOFT_OPT_IN_MONTHS) lasts, because deleting them would end a relationship
// the company still relies on. After the window they follow the rules above.
// Suppressions are kept. A deleted contact who had opted out is added to the suppression list
// (reason `erased`, keyed hash only), so deleting their data never undoes their opt-out: a
// later import of the address is refused as it would have been before.
//
// A lease in job_leases makes a run exclusive: started twice at once (two Workers crons, a
// Node timer and the command line), one does the work and the other returns `ran: false`.
// Each run records its counts (never personal data) in retention_runs.
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { randomId } from '../crypto/random';
import { consentEvents, contacts, jobLeases, retentionRuns, subscriptions } from '../db/schema';
import { recordErased } from './change-events';
import { DAY_MS } from './clock';
import { fillMissingEmailHashes } from './contacts';
import { type DbOrTx, type DomainContext, type Op, withTransaction } from './context';
import { RELATIONSHIP_END_SQL, softOptInFrom } from './customer-relationship';
import { writeSuppressions } from './suppressions';

export interface RetentionOptions {
  pendingDays: number;
  inactiveDays: number;
  /** SOFT_OPT_IN_MONTHS: how long former customers are kept after their relationship ended. */
  softOptInMonths: number;
  /** Contacts deleted per transaction; small enough to keep writers waiting only briefly. */
  batchSize?: number;
  /** How long the lease holds if a run dies without releasing it. */
  leaseMs?: number;
}

export type RetentionResult =
  | { ran: false; reason: 'already_running' }
  | { ran: true; runId: number; pendingDeleted: number; inactiveDeleted: number; hashesFilled: number };

const LEASE = 'retention';

export async function runRetention({ ctx, input: opts }: Op<RetentionOptions>): Promise<RetentionResult> {
  const holder = randomId('run_', 9);
  if (!(await acquireLease(ctx, holder, opts.leaseMs ?? 30 * 60 * 1000))) {
    return { ran: false, reason: 'already_running' };
  }
  try {
    const startedAt = ctx.clock.now();
    const [run] = await ctx.db
      .insert(retentionRuns)
      .values({ startedAt })
      .returning({ id: retentionRuns.id });
    const batchSize = opts.batchSize ?? 500;
    const pendingCutoff = startedAt.getTime() - opts.pendingDays * DAY_MS;
    const inactiveCutoff = startedAt.getTime() - opts.inactiveDays * DAY_MS;
    // Not in a customer relationship: inRelationship() in SQL.
    const noRelationship = sql`(${sql.raw(RELATIONSHIP_END_SQL)}) < ${softOptInFrom(startedAt, opts.softOptInMonths)}`;

    const pendingDeleted = await deleteInBatches(ctx, batchSize, (tx) =>
      tx.all<Candidate>(sql`
        select c.id, c.email, (c.unsubscribed_all_at is not null) as opted_out from contacts c
        where c.last_activity_at < ${pendingCutoff}
          and ${noRelationship}
          and exists (select 1 from subscriptions s where s.contact_id = c.id)
          and not exists (
            select 1 from subscriptions s
            where s.contact_id = c.id and (s.status != 'pending' or s.updated_at >= ${pendingCutoff}))
        limit ${batchSize}`),
    );
    const inactiveDeleted = await deleteInBatches(ctx, batchSize, (tx) =>
      tx.all<Candidate>(sql`
        select c.id, c.email,
          (c.unsubscribed_all_at is not null or exists (
            select 1 from subscriptions s where s.contact_id = c.id and s.status = 'unsubscribed')) as opted_out
        from contacts c
        where c.last_activity_at < ${inactiveCutoff}
          and ${noRelationship}
          and not exists (select 1 from subscriptions s where s.contact_id = c.id and s.status = 'subscribed')
        limit ${batchSize}`),
    );

    // Housekeeping that needs the lease too: contacts stored before they carried their hash.
    const hashesFilled = await fillMissingEmailHashes({ ctx, input: { batchSize } });

    await ctx.db
      .update(retentionRuns)
      .set({ finishedAt: ctx.clock.now(), pendingDeleted, inactiveDeleted })
      .where(eq(retentionRuns.id, run.id));
    return { ran: true, runId: run.id, pendingDeleted, inactiveDeleted, hashesFilled };
  } finally {
    await ctx.db.delete(jobLeases).where(and(eq(jobLeases.name, LEASE), eq(jobLeases.holder, holder)));
  }
}

interface Candidate {
  id: string;
  email: string;
  opted_out: number;
}

/** Selects and deletes inside one transaction per batch, so a contact that became active
 * between a select and a delete cannot be removed. */
async function deleteInBatches(
  ctx: DomainContext,
  batchSize: number,
  select: (tx: DbOrTx) => Promise<Candidate[]>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await withTransaction(ctx, async (txCtx) => {
      const tx = txCtx.db;
      const batch = await select(tx);
      if (batch.length === 0) return 0;
      const ids = batch.map((c) => c.id);
      const optedOut = batch.filter((c) => Number(c.opted_out) === 1).map((c) => c.email);
      await writeSuppressions({
        ctx: txCtx,
        input: { emails: optedOut, reason: 'erased', source: 'retention' },
      });
      await tx.delete(consentEvents).where(inArray(consentEvents.contactId, ids));
      await tx.delete(subscriptions).where(inArray(subscriptions.contactId, ids));
      await tx.delete(contacts).where(inArray(contacts.id, ids));
      await recordErased(tx, batch, 'retention', txCtx.clock.now());
      return batch.length;
    });
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

async function acquireLease(ctx: DomainContext, holder: string, leaseMs: number): Promise<boolean> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .insert(jobLeases)
    .values({ name: LEASE, holder, expiresAt: new Date(now.getTime() + leaseMs) })
    .onConflictDoUpdate({
      target: jobLeases.name,
      set: { holder, expiresAt: new Date(now.getTime() + leaseMs) },
      // Only an expired lease (a run that died) may be taken over.
      setWhere: lte(jobLeases.expiresAt, now),
    })
    .returning({ holder: jobLeases.holder });
  return rows.length === 1 && rows[0].holder === holder;
}
