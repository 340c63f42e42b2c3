// GET /admin/contacts/{id}: one contact, and POST …/unsubscribe: record an unsubscribe that
// came by mail or phone (one topic or everything, with a note) through the same verb as the
// API, so the trail, the outbox event and presend all follow; the audit log says who.
import { createRoute } from '@hono/zod-openapi';
import { consoleAccess } from '../../../console/guard';
import { consolePageResponses, formBody, renderConsole, staffActor } from '../../../console/routes';
import { consoleView } from '../../../console/view';
import { type AppDeps, domainContext } from '../../../deps';
import { contactRecord } from '../../../domain/contact-record';
import { AppError } from '../../../domain/errors';
import { recordStaffUnsubscribe } from '../../../domain/staff-actions';
import { htmlContent } from '../../../http/openapi';
import type { Router } from '../../../http/router';
import { ContactIdParam, UnsubscribeForm } from './schema';
import { ContactPage } from './view';

export function registerContactPage(router: Router, deps: AppDeps) {
  const show = createRoute({
    method: 'get',
    path: '/admin/contacts/{id}',
    operationId: 'showConsoleContact',
    summary: 'A contact: subscriptions, relationship, suppression and the consent trail',
    ...consoleAccess(deps, 'staff'),
    request: { params: ContactIdParam },
    responses: { 200: htmlContent('The contact page'), ...consolePageResponses },
  });
  router.openapi(show, async (c) => {
    const record = await contactRecord({
      ctx: domainContext(deps),
      input: { contactId: c.req.valid('param').id },
    });
    if (!record) throw new AppError('not_found', 'contact not found');
    return renderConsole(c, <ContactPage view={await consoleView(c, deps)} record={record} />);
  });

  const unsubscribe = createRoute({
    method: 'post',
    path: '/admin/contacts/{id}/unsubscribe',
    operationId: 'recordConsoleUnsubscribe',
    summary: 'Record an unsubscribe received by mail or phone',
    ...consoleAccess(deps, 'staff'),
    request: { params: ContactIdParam, body: formBody(UnsubscribeForm) },
    responses: { 200: htmlContent('The contact page, saying what changed'), ...consolePageResponses },
  });
  router.openapi(unsubscribe, async (c) => {
    const contactId = c.req.valid('param').id;
    const form = c.req.valid('form');
    const ctx = domainContext(deps);
    if (!(await contactRecord({ ctx, input: { contactId } })))
      throw new AppError('not_found', 'contact not found');
    const changed = await recordStaffUnsubscribe({
      ctx,
      input: {
        contactId,
        topic: form.topic === '*' ? null : form.topic,
        channel: form.channel,
        note: form.note,
        actor: staffActor(c),
      },
    });
    const record = await contactRecord({ ctx, input: { contactId } });
    const view = await consoleView(c, deps);
    const text = changed ? view.m.contacts.recorded : view.m.contacts.alreadyOff;
    return renderConsole(c, <ContactPage view={view} record={record!} notice={{ kind: 'ok', text }} />);
  });
}
