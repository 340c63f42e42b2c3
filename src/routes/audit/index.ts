// The audit log of staff actions, read-only (admin API). Entries are written by the domain
// together with the change they record (domain/audit.ts).
import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { listAudit } from '../../domain/audit';
import { requireScope } from '../../http/middleware';
import { apiErrors, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { AuditPage, AuditQuery, auditEventJson } from './schema';

export function registerAuditRoutes(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'get',
    path: '/v1/audit',
    operationId: 'listAudit',
    tags: ['Audit'],
    summary: 'The audit log: who changed what, when, from what to what (newest first)',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'admin')] as const,
    request: { query: AuditQuery },
    responses: { 200: jsonContent(AuditPage, 'A page of audit entries'), ...apiErrors },
  });
  router.openapi(route, async (c) => {
    const q = c.req.valid('query');
    const events = await listAudit({
      ctx: domainContext(deps),
      input: {
        subjectType: q.subject_type,
        subjectId: q.subject_id,
        action: q.action,
        before: q.before,
        limit: q.limit,
      },
    });
    const full = events.length === q.limit;
    return c.json(
      { events: events.map(auditEventJson), next_before: full ? events[events.length - 1].id : null },
      200,
    );
  });
}
