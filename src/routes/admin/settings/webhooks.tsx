// GET /admin/webhooks, GET /admin/webhooks/{id} and POST …/deliveries/{delivery_id}/retry
// (admins only): the webhook endpoints, one endpoint's delivery log with every attempt, and the
// button that sends a delivery again (the API's verb, domain/delivery-log.ts, audited).
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
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
import { type AppDeps, domainContext } from '../../../deps';
import { recordAudit } from '../../../domain/audit';
import { listDeliveries, retryDeliveryByHand } from '../../../domain/delivery-log';
import { listWebhookEndpoints, requireWebhookEndpoint } from '../../../domain/webhook-endpoints';
import { htmlContent } from '../../../http/openapi';
import type { AppEnv, Router } from '../../../http/router';
import { settingsMessages } from './messages';
import { TargetList, when } from './target-state';

const EndpointParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'we_3kTn9QpX2mLs' }),
});
const RetryParams = EndpointParam.extend({
  delivery_id: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: 'delivery_id', in: 'path' }, example: 42 }),
});

export function registerWebhookPages(router: Router, deps: AppDeps) {
  // An endpoint's delivery log; after a retry it says the delivery is queued.
  const showLog = async (c: Context<AppEnv>, id: string, retried = false) => {
    const view = await consoleView(c, deps);
    const t = settingsMessages[view.locale].webhooks;
    const endpoint = await requireWebhookEndpoint({ ctx: deps, input: id });
    const { deliveries } = await listDeliveries({
      ctx: domainContext(deps),
      input: { target: { targetType: 'webhook', targetId: endpoint.id }, limit: 50 },
    });
    return renderConsole(
      c,
      <ConsoleLayout view={view} title={t.deliveries}>
        <h1>{endpoint.url}</h1>
        {retried ? (
          <p role="status" class="status">
            {t.retried}
          </p>
        ) : null}
        <p>
          {endpoint.enabled ? t.enabled : fill(t.disabled, { reason: endpoint.disabledReason ?? '' })}
          {endpoint.failingSince
            ? ` — ${fill(t.failingSince, { since: when(endpoint.failingSince, view.locale) })}`
            : ''}
        </p>
        <h2 id="log">{t.deliveries}</h2>
        {deliveries.length === 0 ? (
          <p class="muted">{t.noDeliveries}</p>
        ) : (
          <ScrollTable head={[t.event, t.status, t.attempts, t.last]} labelledBy="log">
            {deliveries.map((d) => (
              <tr>
                <th scope="row">
                  {d.eventType}
                  <br />
                  <span class="muted">{when(d.occurredAt, view.locale)}</span>
                </th>
                <td>
                  {t.statuses[d.status] ?? d.status}
                  {d.status === 'failed' || d.status === 'delivered' ? (
                    <CsrfForm view={view} action={`/admin/webhooks/${endpoint.id}/deliveries/${d.id}/retry`}>
                      <button
                        type="submit"
                        class="secondary"
                        aria-label={`${t.retry}: ${d.eventType} ${when(d.occurredAt, view.locale)}`}
                      >
                        {t.retry}
                      </button>
                    </CsrfForm>
                  ) : null}
                </td>
                <td>{String(d.attempts)}</td>
                <td>
                  {d.attemptLog.length === 0
                    ? ''
                    : d.attemptLog
                        .map(
                          (a) =>
                            `${when(a.attemptedAt, view.locale)}: ${a.statusCode ?? a.error ?? ''} (${a.durationMs} ms)`,
                        )
                        .join('; ')}
                </td>
              </tr>
            ))}
          </ScrollTable>
        )}
        <p>
          <a href={view.href('/admin/webhooks')}>{t.back}</a>
        </p>
      </ConsoleLayout>,
    );
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/webhooks',
      operationId: 'showConsoleWebhooks',
      summary: 'The webhook endpoints and how they are doing',
      ...consoleAccess(deps, 'admin'),
      responses: { 200: htmlContent('The endpoints'), ...consolePageResponses },
    }),
    async (c) => {
      const view = await consoleView(c, deps);
      const t = settingsMessages[view.locale].webhooks;
      const endpoints = await listWebhookEndpoints({ ctx: domainContext(deps) });
      return renderConsole(
        c,
        <ConsoleLayout view={view} title={t.title}>
          <h1>{t.title}</h1>
          <p>{t.intro}</p>
          <TargetList
            t={t}
            locale={view.locale}
            nameHeading={t.url}
            targets={endpoints.map((e) => ({
              href: view.href(`/admin/webhooks/${e.id}`),
              label: e.url,
              target: e,
            }))}
          />
        </ConsoleLayout>,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/webhooks/{id}',
      operationId: 'showConsoleWebhook',
      summary: "A webhook endpoint's delivery log, with a retry button per delivery",
      ...consoleAccess(deps, 'admin'),
      request: {
        params: EndpointParam,
        query: z.object({ lang: z.string().max(10).optional() }),
      },
      responses: { 200: htmlContent('The delivery log'), ...consolePageResponses },
    }),
    async (c) => showLog(c, c.req.valid('param').id),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/webhooks/{id}/deliveries/{delivery_id}/retry',
      operationId: 'consoleRetryWebhookDelivery',
      summary: 'Send a webhook delivery again',
      ...consoleAccess(deps, 'admin'),
      request: { params: RetryParams, body: formBody(consoleForm({})) },
      responses: {
        ...consolePageResponses,
        200: htmlContent('The delivery log, saying the delivery is queued'),
        409: htmlContent('Not retryable now'),
      },
    }),
    async (c) => {
      const { id, delivery_id } = c.req.valid('param');
      const ctx = domainContext(deps);
      const endpoint = await requireWebhookEndpoint({ ctx, input: id });
      await retryDeliveryByHand({
        ctx,
        input: {
          target: { targetType: 'webhook', targetId: endpoint.id, enabled: endpoint.enabled },
          deliveryId: delivery_id,
        },
      });
      await recordAudit({
        ctx,
        input: {
          actor: staffActor(c),
          action: 'webhook.delivery_retried',
          subjectType: 'webhook_endpoint',
          subjectId: endpoint.id,
          details: { delivery_id },
        },
      });
      return showLog(c, endpoint.id, true);
    },
  );
}
