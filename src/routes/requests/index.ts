// Data requests (admin API): record a request that came by mail, phone, letter or form, list
// the open ones by due date, and complete one (domain/data-requests.ts does the work).
import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import type { AuditActor } from '../../domain/audit';
import { completeDataRequest, createDataRequest, listDataRequests } from '../../domain/data-requests';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { AppEnv, Router } from '../../http/router';
import {
  CompleteInput,
  RequestIdParam,
  RequestInput,
  RequestList,
  RequestListQuery,
  RequestOutput,
  requestJson,
} from './schema';

const actorOf = (c: { get(key: 'apiKey'): AppEnv['Variables']['apiKey'] }): AuditActor => ({
  type: 'api_key',
  id: c.get('apiKey')?.id ?? null,
});

export function registerRequestRoutes(router: Router, deps: AppDeps) {
  const common = { tags: ['Data requests'], security: [{ bearer: [] }] };

  router.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/v1/requests',
      operationId: 'createDataRequest',
      summary: 'Record a data request and get its due date',
      description:
        'The due date is the day received plus REQUEST_DUE_WORKING_DAYS (default 5) working days, skipping weekends and REQUEST_HOLIDAYS, in UTC. Written to the audit log.',
      middleware: [requireScope(deps, 'admin'), jsonOnly] as const,
      request: { body: jsonBody(RequestInput) },
      responses: { 201: jsonContent(RequestOutput, 'Recorded'), ...apiErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const request = await createDataRequest({
        ctx: domainContext(deps),
        input: {
          email: body.email,
          type: body.type,
          channel: body.channel,
          receivedAt: body.received_at,
          note: body.note,
          locale: body.locale,
          actor: actorOf(c),
          dueRule: {
            workingDays: deps.config.requests.dueWorkingDays,
            holidays: deps.config.requests.holidays,
          },
        },
      });
      return c.json(requestJson(request, deps.clock.now()), 201);
    },
  );

  router.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/v1/requests',
      operationId: 'listDataRequests',
      summary: 'List data requests: open ones by due date, completed ones newest first',
      middleware: [requireScope(deps, 'admin')] as const,
      request: { query: RequestListQuery },
      responses: { 200: jsonContent(RequestList, 'Requests'), ...apiErrors },
    }),
    async (c) => {
      const { status, limit } = c.req.valid('query');
      const requests = await listDataRequests({ ctx: domainContext(deps), input: { status, limit } });
      const now = deps.clock.now();
      return c.json({ requests: requests.map((r) => requestJson(r, now)) }, 200);
    },
  );

  router.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/v1/requests/{id}/complete',
      operationId: 'completeDataRequest',
      summary: 'Complete a data request: do it and send the confirmation',
      description:
        'access mails the data document; erasure erases the contact (and suppresses the address); objection and withdrawal unsubscribe the contact from everything; rectification only confirms what staff did elsewhere. The person gets a confirmation mail in their language first: when it cannot be sent nothing is done (503). The address is then removed from the request. A completed request answers 409.',
      middleware: [requireScope(deps, 'admin')] as const,
      request: {
        params: RequestIdParam,
        body: { content: { 'application/json': { schema: CompleteInput } }, required: false },
      },
      responses: {
        200: jsonContent(RequestOutput, 'Completed'),
        ...apiErrors,
        ...errorResponses(404, 409, 503),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.header('content-type') ? c.req.valid('json') : {};
      const request = await completeDataRequest({
        ctx: domainContext(deps),
        input: { id, actor: actorOf(c), note: body?.note },
      });
      return c.json(requestJson(request, deps.clock.now()), 200);
    },
  );
}
