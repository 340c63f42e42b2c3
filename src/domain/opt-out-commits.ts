// How the runtime commits a subscriber's own opt-out (one-click unsubscribe). The domain
// decides what an opt-out writes (unsubscribe.ts, and opt-out-batch.ts for many topic opt-outs
// at once: the subscription, the consent trail, the outbox event, all in one transaction); the
// runtime decides how many opt-outs share a commit. A Worker answers one request per
// invocation, so it commits each on its own; the Node server queues concurrent ones for one
// writer (src/node/group-commit.ts). Either way an opt-out is acknowledged only after the
// transaction that holds it has committed.
import { type DomainContext, withTransaction } from './context';
import { AppError } from './errors';
import { commitTopicOptOuts, type OptOutStore, type TopicOptOut } from './opt-out-batch';
import { unsubscribe } from './unsubscribe';

export interface OptOutCommits {
  /** Runs `work` in a transaction (its context's db), resolving once that transaction has committed. */
  commit<T>(work: (ctx: DomainContext) => Promise<T>): Promise<T>;
  /**
   * A topic link's opt-out: true when it unsubscribed, false when it already was. Resolves once
   * committed; throws AppError('not_found') when the link's contact or topic is gone.
   */
  optOut(optOut: TopicOptOut): Promise<boolean>;
}

/** One transaction per opt-out; through `store` (one set of statements) when given. */
export function commitEachAlone(ctx: DomainContext, store?: OptOutStore): OptOutCommits {
  return {
    commit: (work) => withTransaction(ctx, work),
    async optOut(optOut) {
      if (!store) return withTransaction(ctx, (tx) => optOutAlone(tx, optOut));
      const [result] = await commitTopicOptOuts({ ctx: { clock: ctx.clock, store }, input: [optOut] });
      if (result instanceof AppError) throw result;
      return result;
    },
  };
}

/** The same opt-out through unsubscribe(), in the caller's context. */
export function optOutAlone(ctx: DomainContext, optOut: TopicOptOut): Promise<boolean> {
  return unsubscribe({
    ctx,
    input: { contactId: optOut.contactId, topic: optOut.topic, actor: 'subscriber', consent: optOut.consent },
  });
}
