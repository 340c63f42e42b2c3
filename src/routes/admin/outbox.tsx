// GET /admin/outbox: the mail the Node server kept because no mail service is configured
// (db/local-mail.ts), newest first, so staff can see a confirmation went out and what it said.
// With RESEND_API_KEY set nothing is kept, and the page says so.
import { createRoute } from '@hono/zod-openapi';
import { formatNumber, formatTime } from '../../console/format';
import { consoleAccess } from '../../console/guard';
import { fill } from '../../console/i18n';
import { ConsoleLayout } from '../../console/layout';
import { consolePageResponses, renderConsole } from '../../console/routes';
import { consoleView } from '../../console/view';
import { recentLocalMail } from '../../db/local-mail';
import type { AppDeps } from '../../deps';
import { htmlContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { recordsMessages } from './records-messages';

export function registerOutboxPage(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'get',
    path: '/admin/outbox',
    operationId: 'showConsoleOutbox',
    summary: 'The local outbox: mail kept when no mail service is configured',
    ...consoleAccess(deps, 'staff'),
    responses: { 200: htmlContent('The kept mail, newest first'), ...consolePageResponses },
  });
  router.openapi(route, async (c) => {
    const view = await consoleView(c, deps);
    const m = recordsMessages[view.locale].outbox;
    const mails = await recentLocalMail(deps.db, 50);
    return renderConsole(
      c,
      <ConsoleLayout view={view} title={m.title}>
        <h1>{m.title}</h1>
        <p>{deps.config.resend.apiKey ? m.resend : m.intro}</p>
        {mails.length === 0 ? (
          <p class="muted">{m.empty}</p>
        ) : (
          <ol class="timeline">
            {mails.map((mail) => (
              <li>
                <details>
                  <summary>
                    <time class="when" datetime={mail.sentAt.toISOString()}>
                      {formatTime(mail.sentAt, view.locale)}
                    </time>{' '}
                    {`${mail.subject} → ${mail.to}`}
                  </summary>
                  <dl class="facts">
                    <dt>{m.to}</dt>
                    <dd>{mail.to}</dd>
                    <dt>{m.subject}</dt>
                    <dd>{mail.subject}</dd>
                    <dt>{m.kind}</dt>
                    <dd>{mail.kind}</dd>
                  </dl>
                  <pre class="mail">{mail.text}</pre>
                  {(mail.attachments ?? []).map((a) => (
                    <p class="muted">
                      {fill(m.attachment, { name: a.filename, bytes: formatNumber(a.bytes, view.locale) })}
                    </p>
                  ))}
                </details>
              </li>
            ))}
          </ol>
        )}
      </ConsoleLayout>,
    );
  });
}
