// What every domain operation receives: one context with the database and the capabilities the
// rules need (clock, keyed hash, mail, links), built once by an entry point. Operations take
// `{ ctx, input }`; withTransaction hands them a context whose db is the transaction.
import type { Db } from '../db/client';
import type { Clock } from './clock';
import type { Mailer } from './mailer';
import type { Links } from './signed-links';
import type { SuppressionHasher } from './suppression-hasher';

/** The database handle inside a transaction (drizzle's `tx`), accepted wherever `Db` is. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DomainContext {
  db: DbOrTx;
  clock: Clock;
  hasher: SuppressionHasher;
  mailer: Mailer;
  links: Links;
  /**
   * Presend's short-lived caches of keys and topics, when the entry point keeps them: the verbs
   * that change a key or a topic clear them after their commit, so this process answers with
   * the change at once (other processes within the cache's few seconds).
   */
  presendCaches?: { apiKeys: Clearable; topics: Clearable };
  /** Set on the contexts withTransaction hands out: their db is that transaction. */
  readonly inTransaction?: true;
}

/** What a verb needs of a cache it invalidates (presend-caches.ts has the caches themselves). */
interface Clearable {
  clear(): void;
}

/** The one shape of a domain operation's argument. */
export interface Op<I, C = DomainContext> {
  ctx: C;
  input: I;
}

/**
 * Runs `fn` in a transaction, with a context whose db is it. Inside a transaction already, `fn`
 * joins it: an operation that needs one works on its own and as part of a larger one.
 */
export function withTransaction<C extends Pick<DomainContext, 'db' | 'inTransaction'>, T>(
  ctx: C,
  fn: (tx: C) => Promise<T>,
): Promise<T> {
  if (ctx.inTransaction) return fn(ctx);
  return (ctx.db as Db).transaction((tx) => fn({ ...ctx, db: tx, inTransaction: true }));
}
