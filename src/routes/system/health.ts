// GET /healthz: whether the service can reach its database. Used by load balancers and by
// the README's first check after `npm start`.
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';

const Health = z.object({ status: z.enum(['ok', 'unavailable']), database: z.enum(['ok', 'unreachable']) });

export function registerHealth(router: Router, deps: AppDeps) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'getHealth',
      security: [],
      tags: ['System'],
      summary: 'Liveness and database reachability',
      responses: { 200: jsonContent(Health, 'Healthy'), 503: jsonContent(Health, 'Database unreachable') },
    }),
    async (c) => {
      try {
        await withTimeout(deps.db.run(sql`select 1`), 2000);
        return c.json({ status: 'ok' as const, database: 'ok' as const }, 200);
      } catch (err) {
        deps.logger.warn('health check failed', { error: err instanceof Error ? err.message : String(err) });
        return c.json({ status: 'unavailable' as const, database: 'unreachable' as const }, 503);
      }
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
