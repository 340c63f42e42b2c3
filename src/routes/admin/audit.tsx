// GET /admin/audit: the audit log in the console, newest first, a page at a time (the same
// entries as GET /v1/audit), filtered to one subject when asked (`?subject_type=contact&subject_id=…`).
import { createRoute, z } from '@hono/zod-openapi';
import { formatTime } from '../../console/format';
import { consoleAccess } from '../../console/guard';
import { ConsoleLayout } from '../../console/layout';
import { consolePageResponses, renderConsole } from '../../console/routes';
import { ScrollTable } from '../../console/scroll-table';
import { consoleView } from '../../console/view';
import { type AppDeps, domainContext } from '../../deps';
import { listAudit } from '../../domain/audit';
import { actorNames } from '../../domain/audit-actors';
import { htmlContent } from '../../http/openapi';
import type { Router } from '../../http/router';

const PAGE = 50;

const AuditPageQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  subject_type: z.string().min(1).max(64).optional(),
  subject_id: z.string().min(1).max(200).optional(),
  lang: z.string().max(10).optional(),
});

export function registerConsoleAudit(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'get',
    path: '/admin/audit',
    operationId: 'showConsoleAudit',
    summary: 'The audit log: who did what, when, on which contact or topic',
    ...consoleAccess(deps, 'staff'),
    request: { query: AuditPageQuery },
    responses: { 200: htmlContent('A page of the audit log'), ...consolePageResponses },
  });
  router.openapi(route, async (c) => {
    const q = c.req.valid('query');
    const ctx = domainContext(deps);
    const events = await listAudit({
      ctx,
      input: { subjectType: q.subject_type, subjectId: q.subject_id, before: q.before, limit: PAGE },
    });
    const names = await actorNames({ ctx, input: { events } });
    const view = await consoleView(c, deps);
    const m = view.m.audit;
    const older = new URLSearchParams({
      ...(q.subject_type ? { subject_type: q.subject_type } : {}),
      ...(q.subject_id ? { subject_id: q.subject_id } : {}),
      before: String(events.at(-1)?.id ?? 0),
    });
    return renderConsole(
      c,
      <ConsoleLayout view={view} title={m.title}>
        <h1>{m.title}</h1>
        <p class="muted">{m.intro}</p>
        {events.length === 0 ? (
          <p>{m.none}</p>
        ) : (
          <ScrollTable head={[m.when, m.who, m.action, m.subject, m.details]}>
            {events.map((e) => (
              <tr>
                <td>{formatTime(e.occurredAt, view.locale)}</td>
                <td>{`${m.actors[e.actorType]}${e.actorId ? `: ${names.get(e.actorId) ?? e.actorId}` : ''}`}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.subjectType === 'contact' && e.subjectId ? (
                    <a href={view.href(`/admin/contacts/${e.subjectId}`)}>{e.subjectId}</a>
                  ) : (
                    `${e.subjectType}${e.subjectId ? ` ${e.subjectId}` : ''}`
                  )}
                </td>
                <td>{e.details ? JSON.stringify(e.details) : ''}</td>
              </tr>
            ))}
          </ScrollTable>
        )}
        {events.length === PAGE ? (
          <p>
            <a href={view.href(`/admin/audit?${older}`)}>{m.older}</a>
          </p>
        ) : null}
      </ConsoleLayout>,
    );
  });
}
