// GET and POST /admin/login: the sign-in form (fields `email` and `password`) and its answer.
// A right password starts a session (cookie: console/session-cookie.ts) and goes on to the page
// that asked for it; a wrong one shows the form again with 401, and too many failures 429
// with Retry-After (domain/sign-in.ts). The form has a CSRF token and must come from our page.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { checkConsolePost } from '../../console/csrf';
import { CsrfForm } from '../../console/form';
import { fill, isConsoleLocale } from '../../console/i18n';
import { ConsoleLayout } from '../../console/layout';
import { consoleForm, formBody, renderConsole } from '../../console/routes';
import { writeSessionCookie } from '../../console/session-cookie';
import { type ConsoleView, consoleView } from '../../console/view';
import { type AppDeps, domainContext } from '../../deps';
import { AppError } from '../../domain/errors';
import { signIn } from '../../domain/sign-in';
import { htmlContent } from '../../http/openapi';
import type { AppEnv, Router } from '../../http/router';

const LoginQuery = z.object({
  next: z.string().max(500).optional(),
  lang: z.string().max(10).optional(),
});

const LoginForm = consoleForm({
  email: z.string().max(320).default(''),
  password: z.string().max(1024).default(''),
});

/** Only a console path may be the page after sign-in: never another site. */
function nextPath(next: string | undefined): string {
  return next && /^\/admin(\/[A-Za-z0-9/_.~-]*)?$/.test(next) && next !== '/admin/login' ? next : '/admin';
}

type Notice = { kind: 'ok' | 'error'; text: string };

export function LoginPage({
  view,
  next,
  email,
  notice,
}: {
  view: ConsoleView;
  next?: string;
  email?: string;
  notice?: Notice;
}) {
  const { m } = view;
  const action = next ? `/admin/login?next=${encodeURIComponent(nextPath(next))}` : '/admin/login';
  return (
    <ConsoleLayout view={view} title={m.login.title}>
      <h1>{m.login.title}</h1>
      {notice ? (
        <p
          role={notice.kind === 'error' ? 'alert' : 'status'}
          class={`status${notice.kind === 'error' ? ' error' : ''}`}
        >
          {notice.text}
        </p>
      ) : null}
      <CsrfForm view={view} action={action}>
        <label for="email">{m.login.email}</label>
        <input id="email" name="email" type="email" autocomplete="username" required value={email ?? ''} />
        <label for="password">{m.login.password}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <p class="actions">
          <button type="submit">{m.login.submit}</button>
        </p>
      </CsrfForm>
    </ConsoleLayout>
  );
}

const responses = {
  200: htmlContent('The sign-in form'),
  400: htmlContent('A field is missing'),
  401: htmlContent('Wrong address or password: the form again'),
  403: htmlContent('The form came from another site or carried no valid CSRF token'),
  429: htmlContent('Too many failed sign-ins for this address or network: try again after Retry-After'),
};

export function registerLogin(router: Router, deps: AppDeps) {
  const show = createRoute({
    method: 'get',
    path: '/admin/login',
    operationId: 'showConsoleLogin',
    tags: ['Console'],
    summary: 'The console sign-in form',
    security: [],
    request: { query: LoginQuery },
    responses: { 200: responses[200], 400: responses[400] },
  });
  router.openapi(show, async (c) => {
    const q = c.req.valid('query');
    const view = await consoleView(c, deps);
    return renderConsole(c, <LoginPage view={view} next={q.next} />);
  });

  const submit = createRoute({
    method: 'post',
    path: '/admin/login',
    operationId: 'consoleLogin',
    tags: ['Console'],
    summary: 'Sign in to the console',
    description:
      'Checks the address and password. Right: sets the session cookie and answers 303 to the console. Wrong: 401 with the form again. After 10 failures for an address or 30 from a network within 15 minutes: 429 with Retry-After.',
    security: [],
    request: { query: LoginQuery, body: formBody(LoginForm) },
    responses: { 303: { description: 'Signed in: on to the console' }, ...responses },
  });
  router.openapi(submit, async (c) => {
    const q = c.req.valid('query');
    const form = c.req.valid('form');
    if ((await checkConsolePost(c, deps)) !== 'ok') {
      throw new AppError('forbidden', 'this form was refused', { form: 'refused' });
    }
    try {
      const signedIn = await signIn({
        ctx: domainContext(deps),
        input: {
          email: form.email,
          password: form.password,
          ip: deps.clientIp(c.req.raw, c.env),
          limits: deps.config.console,
        },
      });
      writeSessionCookie(c, deps.config, signedIn.secret);
      return c.redirect(withLang(c, nextPath(q.next)), 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'unauthorized' && err.code !== 'rate_limited'))
        throw err;
      const view = await consoleView(c, deps);
      const throttled = err.code === 'rate_limited';
      if (throttled) c.header('Retry-After', String(err.retryAfterSeconds ?? 60));
      const minutes = String(Math.max(1, Math.ceil((err.retryAfterSeconds ?? 60) / 60)));
      const text = throttled ? fill(view.m.login.throttled, { minutes }) : view.m.login.wrong;
      return renderConsole(
        c,
        <LoginPage view={view} next={q.next} email={form.email} notice={{ kind: 'error', text }} />,
        throttled ? 429 : 401,
      );
    }
  });
}

function withLang(c: Context<AppEnv>, path: string): string {
  const lang = c.req.query('lang');
  return isConsoleLocale(lang) ? `${path}?lang=${lang}` : path;
}
