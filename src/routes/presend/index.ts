// Presend: mailing tools ask, before each send, who may be mailed for a topic. The hot path
// of the product; see src/domain/presend.ts for the rules.
import { describeError } from '../../db/errors';
import type { AppDeps } from '../../deps';
import { failClosed } from '../../domain/fail-closed';
import { createPresendCallCounter } from '../../domain/presend-calls';
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
  const reader = deps.presendReader;
  registerPresendStats(router, deps, counters);
  const calls = createPresendCallCounter(deps, deps.defer);
  registerPresendCheck(router, deps, { guard, counters, calls, reader });
}
