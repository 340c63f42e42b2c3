// The data requests pages (/admin/requests): the register, recording a request and completing
// one, for every signed-in user. The work is the domain's (domain/data-requests.ts), as for the
// API; the user who acts is the audit actor and the one the request keeps as its completer.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { formatDay } from '../../../console/format';
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
import { consoleView } from '../../../console/view';
import { requestChannels, requestTypes } from '../../../db/schema';
import { type AppDeps, domainContext } from '../../../deps';
import {
  completeDataRequest,
  createDataRequest,
  type DataRequest,
  findDataRequest,
  listDataRequests,
} from '../../../domain/data-requests';
import { AppError } from '../../../domain/errors';
import { supportedLocales } from '../../../domain/locales';
import { emailField } from '../../../http/fields';
import { htmlContent } from '../../../http/openapi';
import type { AppEnv, Router } from '../../../http/router';
import { recordsMessages } from '../records-messages';
import { RequestPage, RequestsPage } from './views';

const NewRequestForm = consoleForm({
  email: emailField,
  type: z.enum(requestTypes),
  channel: z.enum(requestChannels),
  received_on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date'),
  received_time: z
    .string()
    .regex(/^(\d{2}:\d{2})?$/, 'must be a time like 14:30')
    .default(''),
  locale: z.enum(['', ...supportedLocales]).default(''),
  note: z.string().trim().max(2000).default(''),
});

const CompleteForm = consoleForm({ note: z.string().trim().max(2000).default('') });

const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'dr_3kTn9QpX2mLs' }),
});

const NoticeQuery = z.object({ lang: z.string().max(10).optional() });

export function registerRequestPages(router: Router, deps: AppDeps) {
  // A form's answer is the request's page saying what happened (as the contacts pages do).
  const showRequest = async (
    c: Context<AppEnv>,
    request: DataRequest,
    happened?: 'created' | 'sent' | 'unsent',
  ) => {
    const view = await consoleView(c, deps);
    const r = recordsMessages[view.locale].requests;
    const text =
      happened === 'created'
        ? fill(r.created, { due: formatDay(request.dueDate, view.locale) })
        : happened
          ? happened === 'sent'
            ? r.done
            : r.doneUnsent
          : undefined;
    return renderConsole(
      c,
      <ConsoleLayout view={view} title={fill(r.detailTitle, { id: request.id })}>
        <RequestPage
          view={view}
          request={request}
          now={deps.clock.now()}
          notice={text ? { kind: 'ok', text } : undefined}
        />
      </ConsoleLayout>,
    );
  };
  const dueRule = {
    workingDays: deps.config.requests.dueWorkingDays,
    holidays: deps.config.requests.holidays,
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/requests',
      operationId: 'showConsoleRequests',
      summary: 'The data requests register',
      ...consoleAccess(deps, 'staff'),
      request: { query: NoticeQuery },
      responses: {
        200: htmlContent('Open and recent requests, and the form to record one'),
        ...consolePageResponses,
      },
    }),
    async (c) => {
      const view = await consoleView(c, deps);
      const ctx = domainContext(deps);
      const [open, completed] = await Promise.all([
        listDataRequests({ ctx, input: { status: 'open', limit: 200 } }),
        listDataRequests({ ctx, input: { status: 'completed', limit: 20 } }),
      ]);
      return renderConsole(
        c,
        <ConsoleLayout view={view} title={recordsMessages[view.locale].requests.title}>
          <RequestsPage
            view={view}
            open={open}
            completed={completed}
            now={deps.clock.now()}
            dueWorkingDays={dueRule.workingDays}
          />
        </ConsoleLayout>,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/requests',
      operationId: 'consoleCreateRequest',
      summary: 'Record a data request',
      ...consoleAccess(deps, 'staff'),
      request: { body: formBody(NewRequestForm) },
      responses: { 200: htmlContent('The request, recorded, with its due date'), ...consolePageResponses },
    }),
    async (c) => {
      const form = c.req.valid('form');
      const receivedAt = new Date(`${form.received_on}T${form.received_time || '00:00'}:00Z`);
      if (Number.isNaN(receivedAt.getTime())) {
        throw new AppError('validation_failed', 'received_on: must be a date', [
          { field: 'received_on', message: 'must be a date' },
        ]);
      }
      const request = await createDataRequest({
        ctx: domainContext(deps),
        input: {
          email: form.email,
          type: form.type,
          channel: form.channel,
          receivedAt,
          note: form.note || undefined,
          locale: form.locale || undefined,
          actor: staffActor(c),
          dueRule,
        },
      });
      return showRequest(c, request, 'created');
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/requests/{id}',
      operationId: 'showConsoleRequest',
      summary: 'One data request, with the form to complete it',
      ...consoleAccess(deps, 'staff'),
      request: { params: IdParam, query: NoticeQuery },
      responses: { 200: htmlContent('The request'), ...consolePageResponses },
    }),
    async (c) => {
      const request = await findDataRequest({
        ctx: domainContext(deps),
        input: { id: c.req.valid('param').id },
      });
      if (!request) throw new AppError('not_found', 'data request not found');
      return showRequest(c, request);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/requests/{id}/complete',
      operationId: 'consoleCompleteRequest',
      summary: 'Complete a data request and send the confirmation',
      ...consoleAccess(deps, 'staff'),
      request: { params: IdParam, body: formBody(CompleteForm) },
      responses: { 200: htmlContent('The request, completed'), ...consolePageResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const form = c.req.valid('form');
      const done = await completeDataRequest({
        ctx: domainContext(deps),
        input: { id, actor: staffActor(c), note: form.note || undefined },
      });
      return showRequest(c, done, done.confirmationId ? 'sent' : 'unsent');
    },
  );
}
