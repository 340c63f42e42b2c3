// The frame of every console page (/admin/*): doctype, language, the console stylesheet, the
// signed-in user with the sign-out form, the navigation, and the page in <main>.
//
// How a page plugs in (see routes/admin/home.tsx for the smallest one):
//   1. declare it with createRoute({ method, path: '/admin/…', operationId, summary,
//      ...consoleAccess(deps, 'staff' | 'admin'), responses: consolePageResponses, … })
//      (console/guard.ts: session, role and, for POSTs, the CSRF token and same-origin check);
//   2. in the handler: `const view = await consoleView(c, deps)` (console/view.ts), then
//      `return renderConsole(c, <ConsoleLayout view={view} title={…}>…</ConsoleLayout>)`;
//   3. every form is a <CsrfForm view={view} action="/admin/…"> (console/form.tsx); declare its
//      body with consoleForm({ …fields }) (console/routes.ts) so `csrf` is allowed;
//   4. texts go in console/i18n/en.ts, nl.ts, fr.ts and de.ts; a menu entry in console/nav.ts;
//   5. register the page from routes/admin/index.ts. Errors thrown in a handler (AppError)
//      become console error pages (console/error-page.tsx); staff actions call recordAudit
//      with `staffActor(c)` (console/routes.ts) in the transaction of the change.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { CsrfForm } from './form';
import { consoleMessages, fill } from './i18n';
import { consoleNav, isCurrent } from './nav';
import type { ConsoleView } from './view';

export interface ConsoleLayoutProps {
  view: ConsoleView;
  title: string;
  children: Child;
}

export function ConsoleLayout({ view, title, children }: ConsoleLayoutProps) {
  const { m, staff } = view;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={m.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <title>{`${title} · ${m.shell.product}`}</title>
          <link rel="stylesheet" href="/assets/console.css" />
        </head>
        <body>
          <a class="skip" href="#main">
            {m.shell.skipToContent}
          </a>
          <header class="top">
            <span class="product">{`${view.brand.name} · ${m.shell.product}`}</span>
            <LanguageSwitch view={view} />
            {staff ? (
              <>
                <span class="who">
                  {fill(m.shell.signedInAs, {
                    email: staff.user.email,
                    role: m.shell.roles[staff.user.role],
                  })}
                </span>
                <CsrfForm view={view} action="/admin/logout">
                  <button type="submit" class="secondary">
                    {m.shell.signOut}
                  </button>
                </CsrfForm>
              </>
            ) : null}
          </header>
          {staff ? (
            <nav aria-label={m.shell.navigation}>
              <ul>
                {consoleNav
                  .filter((entry) => entry.role === 'staff' || staff.user.role === 'admin')
                  .map((entry) => (
                    <li>
                      <a
                        href={view.href(entry.href)}
                        aria-current={isCurrent(entry, view.path) ? 'page' : undefined}
                      >
                        {m.nav[entry.label]}
                      </a>
                    </li>
                  ))}
              </ul>
            </nav>
          ) : null}
          <main id="main">{children}</main>
        </body>
      </html>
    </>
  );
}

/**
 * Links to this page in each of the console's languages, each named in its own language, the
 * current one marked; the same shape as the public pages' switch (web/layout.tsx).
 */
function LanguageSwitch({ view }: { view: ConsoleView }) {
  return (
    <nav class="languages" aria-label={view.m.shell.language}>
      <ul>
        {Object.values(consoleMessages).map((other) => (
          <li>
            <a
              href={`${view.languagePath}?lang=${other.lang}`}
              hreflang={other.lang}
              lang={other.lang}
              aria-current={other.lang === view.locale ? 'true' : undefined}
            >
              {other.languageName}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
