// Who may open a console page or post a console form. `consoleAccess(deps, role)` is what a
// route spreads into its createRoute: the OpenAPI security requirement (the `consoleSession`
// cookie, with the role as its scope, which test/support/session-suite.ts reads) and the
// middleware that enforces it:
//   no or ended session       → 303 to /admin/login (nothing is done);
//   a `staff` user on `admin` → 403;
//   a POST not from our pages or without this session's CSRF token → 403.
// API keys never open the console. The signed-in user is `c.get('staff')` afterwards.
import type { MiddlewareHandler } from 'hono';
import type { StaffRole } from '../db/schema';
import type { AppDeps } from '../deps';
import { domainContext } from '../deps';
import { AppError } from '../domain/errors';
import { resumeSession } from '../domain/staff-sessions';
import type { AppEnv } from '../http/router';
import { checkConsolePost } from './csrf';
import { readSessionCookie } from './session-cookie';

export const CONSOLE_SECURITY_SCHEME = 'consoleSession';
export const LOGIN_PATH = '/admin/login';

/** Where to send someone who is not signed in: the sign-in page, coming back to this page after. */
export function loginRedirect(path: string, lang?: string): string {
  const params = new URLSearchParams();
  // Only console paths come back, and never a query string, which may hold an address.
  if (path.startsWith('/admin/') && path !== LOGIN_PATH) params.set('next', path);
  if (lang) params.set('lang', lang);
  const query = params.toString();
  return query ? `${LOGIN_PATH}?${query}` : LOGIN_PATH;
}

function guard(deps: AppDeps, role: StaffRole): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const secret = readSessionCookie(c, deps.config);
    const staff = secret
      ? await resumeSession({ ctx: domainContext(deps), input: { secret, limits: deps.config.console } })
      : undefined;
    if (!staff) {
      const lang = c.req.query('lang');
      return c.redirect(loginRedirect(c.req.method === 'GET' ? c.req.path : '/admin', lang), 303);
    }
    c.set('staff', staff);
    if (role === 'admin' && staff.user.role !== 'admin') {
      throw new AppError('forbidden', 'only an admin can do this');
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const verdict = await checkConsolePost(c, deps, staff.session.id);
      if (verdict !== 'ok') throw new AppError('forbidden', 'this form was refused', { form: verdict });
    }
    await next();
  };
}

/**
 * Spread into a console route's createRoute: `...consoleAccess(deps, 'staff')` for what every
 * signed-in user may do, `'admin'` for users, API keys, connectors and webhook endpoints.
 */
export function consoleAccess(deps: AppDeps, role: StaffRole) {
  return {
    tags: ['Console'],
    security: [{ [CONSOLE_SECURITY_SCHEME]: [role] }],
    middleware: guard(deps, role),
  };
}

export const requireStaff = (deps: AppDeps) => guard(deps, 'staff');
export const requireAdmin = (deps: AppDeps) => guard(deps, 'admin');
