// The Worker has no start-up to refuse, so it checks SUPPRESSION_HASH_KEY against the data
// (domain/hash-key-check.ts) before the first request of each isolate is handled. Until the
// key has passed, the hasher the app is given throws a 503 (service_unavailable) when asked
// for a hash: every route that needs the key refuses, and only those; unsubscribe links, which
// do not, keep working. A key that does not match is logged once per isolate; a check the
// database could not answer is tried again with the next request.
import { describeError } from './db/errors';
import type { DomainContext } from './domain/context';
import { AppError } from './domain/errors';
import { checkSuppressionHashKey } from './domain/hash-key-check';
import type { SuppressionHasher } from './domain/suppression-hasher';
import type { Logger } from './logger';

export interface GuardedHasher {
  /** The hasher to build the app with: it answers only once the key has passed. */
  hasher: SuppressionHasher;
  /** Checks the key once per isolate; await it before each request. */
  keyChecked(): Promise<void>;
}

export function guardSuppressionHasher(
  deps: Pick<DomainContext, 'db' | 'clock' | 'hasher'> & { logger: Logger },
): GuardedHasher {
  const inner = deps.hasher;
  let state: 'unchecked' | 'ok' | 'wrong' = 'unchecked';
  let checking: Promise<void> | undefined;
  const passed = () => {
    if (state === 'ok') return;
    throw new AppError(
      'service_unavailable',
      state === 'wrong'
        ? 'the service is misconfigured: SUPPRESSION_HASH_KEY does not match its data'
        : 'the suppression-hash key could not be checked against the database yet; retry later',
    );
  };
  const hasher: SuppressionHasher = {
    hash(email) {
      passed();
      return inner.hash(email);
    },
    fingerprint() {
      passed();
      return inner.fingerprint();
    },
  };
  const keyChecked = async () => {
    if (state !== 'unchecked') return;
    checking ??= checkSuppressionHashKey({ ctx: { db: deps.db, clock: deps.clock, hasher: inner } })
      .then(
        (check) => {
          state = check.ok ? 'ok' : 'wrong';
          if (!check.ok) {
            deps.logger.error('refusing every route that needs SUPPRESSION_HASH_KEY', {
              problem: check.problem,
            });
          }
        },
        (err) => {
          deps.logger.warn('SUPPRESSION_HASH_KEY could not be checked; trying again with the next request', {
            error: describeError(err),
          });
        },
      )
      .finally(() => {
        checking = undefined;
      });
    await checking;
  };
  return { hasher, keyChecked };
}
