// POST /admin/logout: ends the session (its row is deleted) and clears the cookie. A POST, with
// the CSRF token, so no link or image on another page can sign anyone out.
import { createRoute } from '@hono/zod-openapi';
import { consoleAccess } from '../../console/guard';
import { consoleForm, consolePageResponses, formBody } from '../../console/routes';
import { clearSessionCookie } from '../../console/session-cookie';
import { type AppDeps, domainContext } from '../../deps';
import { recordAudit } from '../../domain/audit';
import { endSessionById } from '../../domain/staff-sessions';
import type { Router } from '../../http/router';

export function registerLogout(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'post',
    path: '/admin/logout',
    operationId: 'consoleLogout',
    summary: 'Sign out of the console',
    ...consoleAccess(deps, 'staff'),
    request: { body: formBody(consoleForm({})) },
    responses: { ...consolePageResponses, 303: { description: 'Signed out: to the sign-in page' } },
  });
  router.openapi(route, async (c) => {
    const staff = c.get('staff')!;
    const ctx = domainContext(deps);
    await endSessionById({ ctx, input: { sessionId: staff.session.id } });
    await recordAudit({
      ctx,
      input: {
        actor: { type: 'user', id: staff.user.id },
        action: 'user.signed_out',
        subjectType: 'user',
        subjectId: staff.user.id,
      },
    });
    clearSessionCookie(c, deps.config);
    const lang = c.req.query('lang');
    return c.redirect(
      `/admin/login?signed_out=1${lang === 'en' || lang === 'nl' ? `&lang=${lang}` : ''}`,
      303,
    );
  });
}
