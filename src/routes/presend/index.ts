// Presend: mailing tools ask, before each send, who may be mailed for a topic. The hot path
// of the product; see src/domain/presend.ts for the rules.
import { describeError } from '../../db/errors';
import type { AppDeps } from '../../deps';
import { failClosed } from '../../domain/fail-closed';
import { type PresendReader, sqlPresendReader } from '../../domain/presend';
import type { Router } from '../../http/router';
import type { Guard } from './auth';
import { registerPresendCheck } from './check';
import { createPresendCounters, registerPresendStats } from './stats';

export function registerPresendRoutes(router: Router, deps: AppDeps) {
  router.openAPIRegistry.registerComponent('securitySchemes', 'standardWebhooks', {
    type: 'apiKey',
    in: 'header',
    name: 'webhook-signature',
    description:
      'Standard Webhooks: webhook-id, webhook-timestamp and webhook-signature (v1, HMAC-SHA256 with PRESEND_WEBHOOK_SECRET)',
  });
  const counters = createPresendCounters(deps.clock.now());
  const guard: Guard = (work) =>
    failClosed(work, {
      timeoutMs: deps.config.presend.timeoutMs,
      onFailure: (reason, error) => {
        counters.unavailable();
        deps.logger.warn('presend refused: database unavailable', {
          reason,
          error: error === undefined ? undefined : describeError(error),
        });
      },
    });
  // The Node server's embedded database brings its own (split) reader; elsewhere the plain
  // reader on the app's client. It hashes through deps.hasher, which is what makes a Worker
  // whose key does not match its data refuse presend (worker-key-guard.ts).
  const reader: PresendReader = deps.presendReader ?? sqlPresendReader(deps.db.$client, deps.hasher.hash);
  registerPresendStats(router, deps, counters);
  registerPresendCheck(router, deps, { guard, counters, reader });
}
