// POST /admin/logout: ends the session (its row is deleted), clears the cookie and shows the
// sign-in form again. A POST, with the CSRF token, so no link or image on another page can
// sign anyone out.
import { createRoute } from '@hono/zod-openapi';
import { consoleAccess } from '../../console/guard';
import { consoleForm, consolePageResponses, formBody, renderConsole } from '../../console/routes';
import { clearSessionCookie } from '../../console/session-cookie';
import { consoleView } from '../../console/view';
import { type AppDeps, domainContext } from '../../deps';
import { recordAudit } from '../../domain/audit';
import { endSessionById } from '../../domain/staff-sessions';
import { htmlContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { LoginPage } from './login';

export function registerLogout(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'post',
    path: '/admin/logout',
    operationId: 'consoleLogout',
    summary: 'Sign out of the console',
    ...consoleAccess(deps, 'staff'),
    request: { body: formBody(consoleForm({})) },
    responses: { 200: htmlContent('Signed out: the sign-in form'), ...consolePageResponses },
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
    c.set('staff', undefined);
    const view = await consoleView(c, deps);
    return renderConsole(c, <LoginPage view={view} notice={{ kind: 'ok', text: view.m.login.signedOut }} />);
  });
}
