// Reconciliation: pages through the tool's members and compares each with mailprefs.
//   opted out there, subscribed here         -> record the opt-out here (`opt_out_here`);
//   opted out or erased here, active there   -> push the opt-out there (`opt_out_there`);
//   known there, unknown here                -> report only (`unknown_here`).
// A dry run changes nothing. `apply` applies only opt-outs, both ways, so nobody is ever
// subscribed anywhere; each is idempotent, so a second run finds nothing left. The cursor after
// each finished page is kept on the connector, so an interrupted apply resumes where it was.
// A 429 waits for Retry-After (or a few seconds) and asks again.
import { eq } from 'drizzle-orm';
import { connectors } from '../db/schema';
import { logActivity, requireConnector } from '../domain/connectors';
import { findContactByEmail, subscriptionsOf } from '../domain/contacts';
import { AppError } from '../domain/errors';
import { isSuppressed } from '../domain/suppressions';
import { retryAfterSeconds } from '../net/retry-after';
import { ToolHttpError } from './http';
import { applyInboundChange } from './inbound';
import type { ConnectorContext } from './manage';
import { openConnector } from './open';
import type { PushChange, RemoteMember } from './types';

export type DifferenceKind = 'opt_out_here' | 'opt_out_there' | 'unknown_here';

export interface Difference {
  kind: DifferenceKind;
  email: string;
  /** The topics concerned; empty for "everything" (an opt-out of all, or erased here). */
  topics: string[];
  applied: boolean;
}

export interface SyncReport {
  connector_id: string;
  applied: boolean;
  members: number;
  differences: Difference[];
  counts: Record<DifferenceKind, number>;
  resumed_from: string | null;
}

export interface SyncOptions {
  apply: boolean;
  onPage?(progress: { members: number; total?: number }): void;
  /** Waits between 429 retries (tests shorten it). */
  sleep?(ms: number): Promise<void>;
  maxRateLimitWaits?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function withRateLimit<T>(
  opts: SyncOptions,
  ctx: ConnectorContext,
  call: () => Promise<T>,
): Promise<T> {
  const sleep = opts.sleep ?? defaultSleep;
  for (let waits = 0; ; waits++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof ToolHttpError) || err.status !== 429 || waits >= (opts.maxRateLimitWaits ?? 20))
        throw err;
      const seconds = retryAfterSeconds(err.retryAfter, ctx.clock.now()) ?? 2 ** Math.min(waits, 5);
      await sleep(Math.min(seconds, 60) * 1000);
    }
  }
}

/** What differs for one member there. */
async function compare(ctx: ConnectorContext, member: RemoteMember, mapped: string[]): Promise<Difference[]> {
  const email = member.email;
  if (!email) return [];
  const contact = await findContactByEmail({ ctx, input: { email } });
  if (!contact) {
    if (await isSuppressed({ ctx, input: { email } })) {
      return member.active.length ? [{ kind: 'opt_out_there', email, topics: [], applied: false }] : [];
    }
    return [{ kind: 'unknown_here', email, topics: [], applied: false }];
  }
  const status = new Map(
    (await subscriptionsOf({ ctx, input: { contactId: contact.id } })).map((s) => [s.topicKey, s.status]),
  );
  const out: Difference[] = [];
  const subscribedHere = member.optedOut.filter(
    (t) => status.get(t) === 'subscribed' || status.get(t) === 'pending',
  );
  if (subscribedHere.length)
    out.push({ kind: 'opt_out_here', email, topics: subscribedHere, applied: false });
  const everything = contact.unsubscribedAllAt !== null || (await isSuppressed({ ctx, input: { email } }));
  if (everything && member.active.length) {
    out.push({ kind: 'opt_out_there', email, topics: [], applied: false });
  } else {
    const outHere = member.active.filter((t) => mapped.includes(t) && status.get(t) === 'unsubscribed');
    if (outHere.length) out.push({ kind: 'opt_out_there', email, topics: outHere, applied: false });
  }
  return out;
}

export async function syncConnector(
  ctx: ConnectorContext,
  id: string,
  opts: SyncOptions,
): Promise<SyncReport> {
  const connector = await requireConnector(ctx.db, id);
  if (!connector.enabled) throw new AppError('conflict', 'the connector is disabled; enable it first');
  const open = await openConnector(ctx, connector);
  const mapped = open.tool.topics(open.settings);
  const resumedFrom = opts.apply ? connector.syncCursor : null;
  const report: SyncReport = {
    connector_id: id,
    applied: opts.apply,
    members: 0,
    differences: [],
    counts: { opt_out_here: 0, opt_out_there: 0, unknown_here: 0 },
    resumed_from: resumedFrom,
  };
  let cursor: string | null = resumedFrom;
  try {
    for (;;) {
      const page = await withRateLimit(opts, ctx, () =>
        open.tool.readPage(open.client, open.settings, cursor),
      );
      for (const member of page.members) {
        report.members += 1;
        for (const diff of await compare(ctx, member, mapped)) {
          if (opts.apply && diff.kind === 'opt_out_here') {
            await applyInboundChange(ctx, connector, open.tool.source, {
              kind: 'opt_out',
              email: diff.email,
              topics: diff.topics,
              what: 'sync',
            });
            diff.applied = true;
          } else if (opts.apply && diff.kind === 'opt_out_there') {
            const changes: PushChange[] = diff.topics.length
              ? diff.topics.map((topic) => ({ kind: 'opt_out_topic', email: diff.email, topic }))
              : [{ kind: 'opt_out_all', email: diff.email }];
            for (const change of changes) {
              await withRateLimit(opts, ctx, () => open.tool.push(open.client, open.settings, change));
            }
            diff.applied = true;
          }
          report.counts[diff.kind] += 1;
          report.differences.push(diff);
        }
      }
      opts.onPage?.({ members: report.members, total: page.total });
      cursor = page.next;
      if (opts.apply) {
        await ctx.db.update(connectors).set({ syncCursor: cursor }).where(eq(connectors.id, id));
      }
      if (!cursor) break;
    }
  } catch (err) {
    if (err instanceof ToolHttpError) {
      throw new AppError(
        'service_unavailable',
        `the tool answered ${err.message}; run the sync again to resume`,
      );
    }
    throw err;
  }
  await logActivity(ctx.db, ctx.clock.now(), [
    {
      connectorId: id,
      direction: 'sync',
      what: opts.apply ? 'sync --apply' : 'sync (dry run)',
      outcome: `${report.members} members, ${report.counts.opt_out_here} opt-outs here, ${report.counts.opt_out_there} there, ${report.counts.unknown_here} unknown here`,
    },
  ]);
  return report;
}
