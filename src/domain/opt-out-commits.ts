// How the runtime commits a subscriber's own opt-out (one-click unsubscribe). The domain
// decides what an opt-out writes (unsubscribe.ts: the subscription, the consent trail, the
// outbox event, all in one transaction); the runtime decides how many opt-outs share a commit.
// A Worker answers one request per invocation, so it commits each on its own; the Node server
// queues concurrent ones for one writer (src/node/group-commit.ts). Either way an opt-out is
// acknowledged only after the transaction that holds it has committed.
import { type DomainContext, withTransaction } from './context';

export interface OptOutCommits {
  /** Runs `work` in a transaction (its context's db), resolving once that transaction has committed. */
  commit<T>(work: (ctx: DomainContext) => Promise<T>): Promise<T>;
}

/** One transaction per opt-out. */
export function commitEachAlone(ctx: DomainContext): OptOutCommits {
  return { commit: (work) => withTransaction(ctx, work) };
}
