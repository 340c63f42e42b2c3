// GET /admin/connectors, GET /admin/connectors/{id} and POST …/{id}/sync (admins only): the
// mailing-tool connectors and how they are doing, one connector's recent activity, and the sync
// button. The sync is the API's (connectors/sync.ts): a dry run unless "apply" is ticked, and
// even then it only applies opt-outs, in both directions. Every sync is audited.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type SyncReport, syncConnector } from '../../../connectors/sync';
import { CsrfForm } from '../../../console/form';
import { consoleAccess } from '../../../console/guard';
import { fill } from '../../../console/i18n';
import { ConsoleLayout } from '../../../console/layout';
import {
  consoleForm,
  consolePageResponses,
  formBody,
  renderConsole,
  staffActor,
} from '../../../console/routes';
import { ScrollTable } from '../../../console/scroll-table';
import { consoleView } from '../../../console/view';
import { type AppDeps, connectorContext, domainContext } from '../../../deps';
import { recordAudit } from '../../../domain/audit';
import { listActivity, listConnectors, requireConnector } from '../../../domain/connectors';
import { htmlContent } from '../../../http/openapi';
import type { AppEnv, Router } from '../../../http/router';
import { settingsMessages } from './messages';
import { TargetList, when } from './target-state';

const ConnectorParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'cn_3kTn9QpX2mLs' }),
});
const SyncForm = consoleForm({ apply: z.literal('1').optional() });

export function registerConnectorPages(router: Router, deps: AppDeps) {
  // One connector's page: its state, the sync form, a sync's report when there is one, and
  // its recent activity (never an address: the log holds what was done, not to whom).
  const showConnector = async (c: Context<AppEnv>, id: string, report?: SyncReport) => {
    const view = await consoleView(c, deps);
    const t = settingsMessages[view.locale].connectors;
    const connector = await requireConnector(deps.db, id);
    const { entries } = await listActivity(deps.db, id, { limit: 50 });
    return renderConsole(
      c,
      <ConsoleLayout view={view} title={connector.name}>
        <h1>{`${connector.name} (${connector.type})`}</h1>
        <p>
          {connector.enabled ? t.enabled : fill(t.disabled, { reason: connector.disabledReason ?? '' })}
          {connector.failingSince
            ? ` — ${fill(t.failingSince, { since: when(connector.failingSince, view.locale) })}`
            : ''}
        </p>
        {report ? (
          <section aria-labelledby="report">
            <h2 id="report" tabindex={-1}>
              {report.applied ? t.appliedTitle : t.dryRunTitle}
            </h2>
            <p role="status" class="status">
              {fill(t.reportSummary, {
                members: String(report.members),
                here: String(report.counts.opt_out_here),
                there: String(report.counts.opt_out_there),
                unknown: String(report.counts.unknown_here),
              })}
            </p>
            {report.differences.length === 0 ? null : (
              <ScrollTable head={[t.address, t.difference, t.topics]} labelledBy="report">
                {report.differences.map((d) => (
                  <tr>
                    <th scope="row">{d.email}</th>
                    <td>
                      {t.kinds[d.kind]}
                      {d.applied ? ` (${t.done})` : ''}
                    </td>
                    <td>{d.topics.length === 0 ? t.everything : d.topics.join(', ')}</td>
                  </tr>
                ))}
              </ScrollTable>
            )}
          </section>
        ) : null}
        <h2>{t.syncTitle}</h2>
        <p>{t.syncHelp}</p>
        <CsrfForm view={view} action={`/admin/connectors/${connector.id}/sync`}>
          <p>
            <label class="choice">
              <input type="checkbox" name="apply" value="1" /> {t.apply}
            </label>
          </p>
          <p class="actions">
            <button type="submit">{t.sync}</button>
          </p>
        </CsrfForm>
        <h2 id="activity">{t.activity}</h2>
        {entries.length === 0 ? (
          <p class="muted">{t.noActivity}</p>
        ) : (
          <ScrollTable head={[t.at, t.what, t.outcome]} labelledBy="activity">
            {entries.map((e) => (
              <tr>
                <th scope="row">{when(e.at, view.locale)}</th>
                <td>{`${e.direction}: ${e.what}`}</td>
                <td>{e.statusCode ? `${e.outcome} (${e.statusCode})` : e.outcome}</td>
              </tr>
            ))}
          </ScrollTable>
        )}
        <p>
          <a href={view.href('/admin/connectors')}>{t.back}</a>
        </p>
      </ConsoleLayout>,
    );
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/connectors',
      operationId: 'showConsoleConnectors',
      summary: 'The mailing-tool connectors and how they are doing',
      ...consoleAccess(deps, 'admin'),
      responses: { 200: htmlContent('The connectors'), ...consolePageResponses },
    }),
    async (c) => {
      const view = await consoleView(c, deps);
      const t = settingsMessages[view.locale].connectors;
      const list = await listConnectors(deps.db);
      return renderConsole(
        c,
        <ConsoleLayout view={view} title={t.title}>
          <h1>{t.title}</h1>
          <p>{t.intro}</p>
          <TargetList
            t={t}
            locale={view.locale}
            nameHeading={t.name}
            targets={list.map((k) => ({
              href: view.href(`/admin/connectors/${k.id}`),
              label: `${k.name} (${k.type})`,
              target: k,
            }))}
          />
        </ConsoleLayout>,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/connectors/{id}',
      operationId: 'showConsoleConnector',
      summary: "A connector's state, its recent activity and the sync button",
      ...consoleAccess(deps, 'admin'),
      request: { params: ConnectorParam, query: z.object({ lang: z.string().max(10).optional() }) },
      responses: { 200: htmlContent('The connector'), ...consolePageResponses },
    }),
    async (c) => showConnector(c, c.req.valid('param').id),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/connectors/{id}/sync',
      operationId: 'consoleSyncConnector',
      summary: 'Compare the tool with mailprefs; with apply ticked, bring both to the same opt-outs',
      ...consoleAccess(deps, 'admin'),
      request: { params: ConnectorParam, body: formBody(SyncForm) },
      responses: { ...consolePageResponses, 200: htmlContent('The connector, with the report') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const apply = c.req.valid('form').apply === '1';
      const report = await syncConnector(connectorContext(deps), id, { apply });
      await recordAudit({
        ctx: domainContext(deps),
        input: {
          actor: staffActor(c),
          action: apply ? 'connector.synced' : 'connector.compared',
          subjectType: 'connector',
          subjectId: id,
          details: { members: report.members, ...report.counts },
        },
      });
      return showConnector(c, id, report);
    },
  );
}
