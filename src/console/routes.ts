// What console routes share: the form-body helper that allows the CSRF field, the responses
// every console page declares, rendering with the console's headers, and the audit actor of
// the signed-in user. Registered once by routes/admin/index.ts: the headers, the stylesheet and
// the `consoleSession` security scheme.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodRawShape } from 'zod';
import type { AppDeps } from '../deps';
import type { AuditActor } from '../domain/audit';
import { AppError } from '../domain/errors';
import { htmlContent } from '../http/openapi';
import type { AppEnv, Router } from '../http/router';
import { applySecurityHeaders } from '../web/page-headers';
import { CSRF_FIELD } from './csrf';
import { CONSOLE_SECURITY_SCHEME } from './guard';
import { SESSION_COOKIE } from './session-cookie';
import { consoleStylesheet } from './style';

/**
 * A console form's body: its own fields and the CSRF token. The token is optional here because
 * the guard checks it before validation, so a form without one is refused (403), not a 400.
 */
export function consoleForm<T extends ZodRawShape>(shape: T) {
  return z.object({ [CSRF_FIELD]: z.string().max(2048).optional(), ...shape });
}

/** The request body declaration for a urlencoded console form. */
export function formBody<T extends z.ZodType>(schema: T) {
  return { content: { 'application/x-www-form-urlencoded': { schema } }, required: true } as const;
}

/** The answers any console page or form may give besides its own 200. */
export const consolePageResponses = {
  303: { description: 'Not signed in (or the session ended): to /admin/login' },
  400: htmlContent('A form field is missing or wrong (nothing changed)'),
  403: htmlContent('Not for this role, or a form without a valid CSRF token or from another site'),
  404: htmlContent('Not found'),
};

/** Sends a rendered console page. */
export function renderConsole(
  c: Context,
  page: HtmlEscapedString | Promise<HtmlEscapedString>,
  status: 200 | 400 | 401 | 403 | 404 | 409 | 429 = 200,
) {
  return c.html(page, status);
}

/** The audit log's actor for what the signed-in user does. */
export function staffActor(c: Context<AppEnv>): AuditActor {
  const staff = c.get('staff');
  if (!staff) throw new AppError('unauthorized', 'not signed in');
  return { type: 'user', id: staff.user.id };
}

/** The console's headers, stylesheet and security scheme. */
export function registerConsoleShell(router: Router, deps: AppDeps) {
  const headers = async (c: Context, next: () => Promise<void>) => {
    await next();
    applySecurityHeaders(c, deps.config.brand);
  };
  router.use('/admin', headers);
  router.use('/admin/*', headers);
  router.get('/assets/console.css', (c) =>
    c.body(consoleStylesheet, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  );
  router.openAPIRegistry.registerComponent('securitySchemes', CONSOLE_SECURITY_SCHEME, {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'The console session cookie set by POST /admin/login (`__Host-` prefixed when PUBLIC_URL is https). The scope names the role a route needs: `staff` (any signed-in user) or `admin`.',
  });
}
