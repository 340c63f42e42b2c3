// Aggregate presend counters, kept in memory since the process started. Per-recipient answers
// are never logged or stored: these totals are all the service keeps about presend calls.
import { createRoute, type z } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import type { PresendCounts, PresendReason } from '../../domain/presend';
import { requireScope } from '../../http/middleware';
import { apiErrors, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { PresendStats } from './schema';

export interface PresendCounters {
  record(counts: PresendCounts): void;
  refused(): void;
  unavailable(): void;
  snapshot(): z.infer<typeof PresendStats>;
}

export function createPresendCounters(now: Date): PresendCounters {
  const since = now.toISOString();
  let calls = 0;
  let recipients = 0;
  let send = 0;
  let suppressed = 0;
  let refused = 0;
  let unavailable = 0;
  const byReason: Partial<Record<PresendReason, number>> = {};
  return {
    record(counts) {
      calls += 1;
      recipients += counts.total;
      send += counts.send;
      suppressed += counts.suppressed;
      for (const [reason, n] of Object.entries(counts.by_reason) as [PresendReason, number][]) {
        byReason[reason] = (byReason[reason] ?? 0) + n;
      }
    },
    refused: () => {
      refused += 1;
    },
    unavailable: () => {
      unavailable += 1;
    },
    snapshot: () => ({
      since,
      calls,
      recipients,
      send,
      suppressed,
      by_reason: { ...byReason },
      refused,
      unavailable,
    }),
  };
}

export function registerPresendStats(router: Router, deps: AppDeps, counters: PresendCounters) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/v1/presend/stats',
      operationId: 'getPresendStats',
      tags: ['Presend'],
      summary: 'Aggregate presend counters since the process started',
      security: [{ bearer: [] }],
      middleware: [requireScope(deps, 'admin')] as const,
      responses: { 200: jsonContent(PresendStats, 'Counters'), ...apiErrors },
    }),
    (c) => c.json(counters.snapshot(), 200),
  );
}
