// Staff changes to topics: create, update, archive, and the guarded change of a topic's legal
// basis. Each change is written together with its audit entry in one transaction.
//
// A basis change is refused unless confirmed, in both directions: consent → legitimate
// interest starts mailing everyone who never opted in, and the reverse stops mailing everyone
// who did not, so either one changes presend's answer for many contacts at once.
import { sql } from 'drizzle-orm';
import { type LegalBasis, topics } from '../db/schema';
import { type AuditActor, type AuditEntry, recordAudit } from './audit';
import { brandExists, DEFAULT_BRAND } from './brands';
import { recordTopicUpdated } from './change-events';
import { type Op, withTransaction } from './context';
import { RELATIONSHIP_END_SQL, softOptInFrom } from './customer-relationship';
import { AppError } from './errors';
import {
  type Facts,
  reasonFor,
  type SoftOptIn,
  statusOf,
  strongerSuppression,
  suppressionOf,
} from './presend';
import { findTopic, type Topic, type TopicInput } from './topics';

export interface TopicChangeInput {
  key: string;
  topic: TopicInput;
  /** Who asks, for the audit log. Code of the service itself (benchmarks, scripts) is the system. */
  actor: AuditActor;
  /** Required to change the legal basis of an existing topic. */
  confirmBasisChange?: boolean;
  /** SOFT_OPT_IN_MONTHS, for counting the verdicts a basis change flips (default 24). */
  softOptInMonths?: number;
}

export interface TopicChangeResult {
  topic: Topic;
  created: boolean;
  /** Contacts whose presend answer for the topic flips with this change (0 without a basis change). */
  verdictsChanged: number;
}

export async function upsertTopic({ ctx, input: opts }: Op<TopicChangeInput>): Promise<TopicChangeResult> {
  const result = await writeTopic({ ctx, input: opts });
  ctx.presendCaches?.topics.clear();
  return result;
}

async function writeTopic({ ctx, input: opts }: Op<TopicChangeInput>): Promise<TopicChangeResult> {
  const { key, topic: input } = opts;
  return withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const now = txCtx.clock.now();
    const existing = await findTopic({ ctx: txCtx, input: { key } });
    const basisChange = existing && existing.basis !== input.basis ? existing.basis : null;
    const verdictsChanged = basisChange
      ? await countVerdictChanges({
          ctx: txCtx,
          input: {
            topicKey: key,
            from: basisChange,
            to: input.basis,
            softOptIn: { now, months: opts.softOptInMonths ?? 24 },
          },
        })
      : 0;
    if (basisChange && !opts.confirmBasisChange) {
      throw new AppError(
        'conflict',
        `changing the legal basis of '${key}' from ${basisChange} to ${input.basis} changes the presend answer for ${verdictsChanged} contact(s); send "confirm_basis_change": true to change it`,
        { from: basisChange, to: input.basis, verdicts_changed: verdictsChanged },
      );
    }
    const archivedAt =
      input.archived === undefined
        ? (existing?.archivedAt ?? null)
        : input.archived
          ? (existing?.archivedAt ?? now)
          : null;
    const brand = input.brand ?? existing?.brand ?? DEFAULT_BRAND;
    if (brand !== existing?.brand && !(await brandExists({ ctx: txCtx, input: { key: brand } }))) {
      throw new AppError(
        'validation_failed',
        `brand: brand '${brand}' does not exist; create it with PUT /v1/brands/${brand}`,
        [{ field: 'brand', message: `brand '${brand}' does not exist` }],
      );
    }
    const values = {
      brand,
      name: input.name,
      description: input.description ?? null,
      basis: input.basis,
      archivedAt,
      updatedAt: now,
    };
    const [topic] = await tx
      .insert(topics)
      .values({ key, ...values, createdAt: now })
      .onConflictDoUpdate({ target: topics.key, set: values })
      .returning();
    await recordTopicUpdated(tx, topic, existing, 'api', now);

    const audit = (entry: Pick<AuditEntry, 'action' | 'details'>) =>
      recordAudit({
        ctx: txCtx,
        input: { ...entry, actor: opts.actor, subjectType: 'topic', subjectId: key, at: now },
      });
    if (!existing) {
      await audit({
        action: 'topic.created',
        details: {
          name: topic.name,
          description: topic.description,
          basis: topic.basis,
          brand: topic.brand,
          archived: !!archivedAt,
        },
      });
    } else {
      if (basisChange) {
        await audit({
          action: 'topic.basis_changed',
          details: { from: basisChange, to: input.basis, verdicts_changed: verdictsChanged },
        });
      }
      const changes = otherChanges(existing, topic);
      if (Object.keys(changes).length > 0) await audit({ action: 'topic.updated', details: { changes } });
    }
    return { topic, created: !existing, verdictsChanged };
  });
}

/** Name, description and archiving, as `{ field: { from, to } }`; the basis has its own entry. */
function otherChanges(before: Topic, after: Topic): Record<string, { from: unknown; to: unknown }> {
  const fields = {
    name: [before.name, after.name],
    description: [before.description, after.description],
    brand: [before.brand, after.brand],
    archived: [before.archivedAt !== null, after.archivedAt !== null],
  };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, [from, to]] of Object.entries(fields)) {
    if (canonical(from) !== canonical(to)) changes[field] = { from, to };
  }
  return changes;
}

/** JSON with object keys sorted, so `{en, nl}` and `{nl, en}` compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * How many contacts presend would answer differently for the topic under `to` than under
 * `from`. One pass over the contacts, grouped by the facts the verdict rests on (opt-out of
 * everything, status for the topic, suppression entries), so only a few groups come back and
 * each is judged by `reasonFor` itself rather than by a second copy of the rule in SQL.
 * Contacts stored before contacts carried their hash (an empty email_hash, see the schema) are
 * counted as not suppressed.
 */
export async function countVerdictChanges({
  ctx,
  input: { topicKey, from, to, softOptIn },
}: Op<{ topicKey: string; from: LegalBasis; to: LegalBasis; softOptIn: SoftOptIn }>): Promise<number> {
  const windowFrom = softOptInFrom(softOptIn.now, softOptIn.months);
  // Raw SQL because the relationship rule is shared with presend's readers as SQL on alias `c`.
  const groups = await ctx.db.all<{
    opted_out: number;
    status: string | null;
    listed: string | null;
    in_window: number;
    n: number;
  }>(sql`
    select (c.unsubscribed_all_at is not null or exists (
        select 1 from brand_unsubscribes as b
         where b.contact_id = c.id and b.brand_key = (select brand from topics where key = ${topicKey}))) as opted_out,
      s.status as status,
      (select group_concat(x.reason) from suppressions as x where x.email_hash = c.email_hash) as listed,
      (${sql.raw(RELATIONSHIP_END_SQL)}) >= ${windowFrom} as in_window, count(*) as n
    from contacts as c
    left join subscriptions as s on s.contact_id = c.id and s.topic_key = ${topicKey}
    group by 1, 2, 3, 4`);
  let changed = 0;
  for (const g of groups) {
    const facts: Facts = {
      suppressed: null,
      unsubscribedAll: Boolean(g.opted_out),
      status: g.status ? statusOf(g.status) : null,
    };
    for (const reason of g.listed ? g.listed.split(',') : [])
      facts.suppressed = strongerSuppression(facts.suppressed, suppressionOf(reason));
    const customer = Boolean(g.in_window);
    if ((reasonFor(facts, from, customer) === null) !== (reasonFor(facts, to, customer) === null))
      changed += Number(g.n);
  }
  return changed;
}
