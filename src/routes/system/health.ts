// GET /healthz: whether the service can use its database. Used by load balancers, by the
// README's first check after `npm start`, and as the benchmarks' baseline, so it stays cheap:
// a read of a few real pages (db/health.ts), no write.
import { createRoute, z } from '@hono/zod-openapi';
import { describeError } from '../../db/errors';
import { type OutageMemory, probeDatabase } from '../../db/health';
import type { AppDeps } from '../../deps';
import { jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';

const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['ok', 'unreachable', 'failing']).openapi({
    description:
      '`unreachable`: its tables cannot be read; `failing`: they read, but a query failed in the last 30 seconds because the database could not be used (read-only or full disk, damaged pages)',
  }),
});

export function registerHealth(router: Router, deps: AppDeps, outages: OutageMemory) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'getHealth',
      security: [],
      tags: ['System'],
      summary: 'Liveness and whether the database can serve real work',
      responses: {
        200: jsonContent(Health, 'Healthy'),
        503: jsonContent(Health, 'The database cannot be read, or real queries are failing'),
      },
    }),
    async (c) => {
      const unavailable = (database: 'unreachable' | 'failing') =>
        c.json({ status: 'unavailable' as const, database }, 503, { 'Retry-After': '5' });
      try {
        await withTimeout(probeDatabase(deps.db), 2000);
      } catch (err) {
        deps.logger.warn('health check failed', { error: describeError(err) });
        return unavailable('unreachable');
      }
      if (outages.recent()) return unavailable('failing');
      return c.json({ status: 'ok' as const, database: 'ok' as const }, 200);
    },
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
