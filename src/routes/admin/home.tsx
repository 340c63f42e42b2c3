// GET /admin: the dashboard, the console's first page after sign-in (dashboard/page.tsx draws
// it, domain/dashboard.ts reads it). Failing delivery targets come from one source per kind:
// webhook endpoints and mailing-tool connectors, each through its own source.
import { createRoute } from '@hono/zod-openapi';
import { consoleAccess } from '../../console/guard';
import { ConsoleLayout } from '../../console/layout';
import { consolePageResponses, renderConsole } from '../../console/routes';
import { consoleView } from '../../console/view';
import { type AppDeps, domainContext } from '../../deps';
import { failingConnectors, failingWebhookEndpoints, readDashboard } from '../../domain/dashboard';
import { htmlContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { DashboardPage } from './dashboard/page';
import { recordsMessages } from './records-messages';

export function registerHome(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'get',
    path: '/admin',
    operationId: 'showConsoleHome',
    summary:
      'The dashboard: open data requests, failing deliveries, subscriptions and weekly opt-ins per topic',
    ...consoleAccess(deps, 'staff'),
    responses: { 200: htmlContent('The dashboard'), ...consolePageResponses },
  });
  router.openapi(route, async (c) => {
    const view = await consoleView(c, deps);
    const data = await readDashboard({
      ctx: domainContext(deps),
      input: { failingTargets: [failingWebhookEndpoints, failingConnectors] },
    });
    return renderConsole(
      c,
      <ConsoleLayout view={view} title={recordsMessages[view.locale].dashboard.title}>
        <DashboardPage view={view} data={data} now={deps.clock.now()} />
      </ConsoleLayout>,
    );
  });
}
