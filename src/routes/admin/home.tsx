// GET /admin: the console's first page after sign-in. The smallest console page, and the
// example the layout's header comment points at; the dashboard takes its place.
import { createRoute } from '@hono/zod-openapi';
import { consoleAccess } from '../../console/guard';
import { ConsoleLayout } from '../../console/layout';
import { consolePageResponses, renderConsole } from '../../console/routes';
import { consoleView } from '../../console/view';
import type { AppDeps } from '../../deps';
import { htmlContent } from '../../http/openapi';
import type { Router } from '../../http/router';

export function registerHome(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'get',
    path: '/admin',
    operationId: 'showConsoleHome',
    summary: 'The console overview',
    ...consoleAccess(deps, 'staff'),
    responses: { 200: htmlContent('The overview'), ...consolePageResponses },
  });
  router.openapi(route, async (c) => {
    const view = await consoleView(c, deps);
    return renderConsole(
      c,
      <ConsoleLayout view={view} title={view.m.home.title}>
        <h1>{view.m.home.title}</h1>
        <p>{view.m.home.welcome}</p>
      </ConsoleLayout>,
    );
  });
}
