// The Worker has no start-up to refuse, so it checks SUPPRESSION_HASH_KEY against the data
// (domain/hash-key-check.ts) before the first request of each isolate is handled. Until the
// key has passed, reading `deps.suppressionHashKey` throws a 503 (service_unavailable): every
// route that needs the key refuses, and only those; unsubscribe links, which do not, keep
// working. A key that does not match is logged once per isolate; a check the database could
// not answer is tried again with the next request.
import { describeError } from './db/errors';
import type { AppDeps } from './deps';
import { AppError } from './domain/errors';
import { checkSuppressionHashKey } from './domain/hash-key-check';

/** Guards `deps` (after the app was built from it); await the answer before each request. */
export function guardSuppressionHashKey(deps: AppDeps): () => Promise<void> {
  const key = deps.suppressionHashKey;
  let state: 'unchecked' | 'ok' | 'wrong' = 'unchecked';
  let checking: Promise<void> | undefined;
  Object.defineProperty(deps, 'suppressionHashKey', {
    get() {
      if (state === 'ok') return key;
      throw new AppError(
        'service_unavailable',
        state === 'wrong'
          ? 'the service is misconfigured: SUPPRESSION_HASH_KEY does not match its data'
          : 'the suppression-hash key could not be checked against the database yet; retry later',
      );
    },
  });
  return async () => {
    if (state !== 'unchecked') return;
    checking ??= checkSuppressionHashKey(deps, key)
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
}
