// GET /admin/contacts/{id}/export: the contact's data document as a download (the export verb
// of GET /v1/contacts/{contact}/export). GET and POST …/erase: erasure in two steps, a
// confirmation page and then the erasure itself, with the deletion receipt (the erasure verb
// of DELETE /v1/contacts/{contact}). Both are in the audit log with who did them.
import { createRoute } from '@hono/zod-openapi';
import { CsrfForm } from '../../../console/form';
import { consoleAccess } from '../../../console/guard';
import { fill } from '../../../console/i18n';
import { ConsoleLayout } from '../../../console/layout';
import { consolePageResponses, formBody, renderConsole, staffActor } from '../../../console/routes';
import { consoleView } from '../../../console/view';
import { type AppDeps, domainContext } from '../../../deps';
import { findContactById } from '../../../domain/contacts';
import { AppError } from '../../../domain/errors';
import { eraseForStaff, exportForStaff } from '../../../domain/staff-actions';
import { htmlContent } from '../../../http/openapi';
import type { Router } from '../../../http/router';
import { ContactIdParam, EraseForm } from './schema';

export function registerContactData(router: Router, deps: AppDeps) {
  const download = createRoute({
    method: 'get',
    path: '/admin/contacts/{id}/export',
    operationId: 'downloadConsoleContactExport',
    summary: "Download a contact's data document (JSON)",
    ...consoleAccess(deps, 'staff'),
    request: { params: ContactIdParam },
    responses: {
      200: {
        content: { 'application/json': { schema: {} } },
        description: 'The data document, as a download',
      },
      ...consolePageResponses,
    },
  });
  router.openapi(download, async (c) => {
    const contactId = c.req.valid('param').id;
    const doc = await exportForStaff({
      ctx: domainContext(deps),
      input: { contactId, actor: staffActor(c) },
    });
    // The file is named by contact id, not address, so no address lands in a downloads folder listing.
    c.header('Content-Disposition', `attachment; filename="contact-${contactId}.json"`);
    return c.json(doc, 200);
  });

  const confirm = createRoute({
    method: 'get',
    path: '/admin/contacts/{id}/erase',
    operationId: 'confirmConsoleErasure',
    summary: 'Step one of erasing a contact: what it does, and the confirmation',
    ...consoleAccess(deps, 'staff'),
    request: { params: ContactIdParam },
    responses: { 200: htmlContent('The confirmation page'), ...consolePageResponses },
  });
  router.openapi(confirm, async (c) => {
    const contact = await findContactById({
      ctx: domainContext(deps),
      input: { contactId: c.req.valid('param').id },
    });
    if (!contact) throw new AppError('not_found', 'contact not found');
    const view = await consoleView(c, deps);
    const m = view.m.contacts;
    const title = fill(m.eraseTitle, { email: contact.email });
    return renderConsole(
      c,
      <ConsoleLayout view={view} title={title}>
        <h1>{title}</h1>
        <p class="status error">{m.eraseBody}</p>
        <CsrfForm view={view} action={`/admin/contacts/${contact.id}/erase`} label={title}>
          <input type="hidden" name="confirm" value="erase" />
          <label class="choice">
            <input type="checkbox" name="notify" value="yes" checked />
            {m.eraseNotify}
          </label>
          <p class="actions">
            <button type="submit" class="danger">
              {m.eraseConfirm}
            </button>
            <a class="button secondary" href={view.href(`/admin/contacts/${contact.id}`)}>
              {m.eraseCancel}
            </a>
          </p>
        </CsrfForm>
      </ConsoleLayout>,
    );
  });

  const erase = createRoute({
    method: 'post',
    path: '/admin/contacts/{id}/erase',
    operationId: 'eraseConsoleContact',
    summary: 'Step two: erase the contact, keeping only a keyed hash on the suppression list',
    ...consoleAccess(deps, 'staff'),
    request: { params: ContactIdParam, body: formBody(EraseForm) },
    responses: {
      200: htmlContent('Erased: the receipt, and whether it was mailed'),
      ...consolePageResponses,
      503: htmlContent('The receipt could not be sent; nothing was deleted'),
    },
  });
  router.openapi(erase, async (c) => {
    const contactId = c.req.valid('param').id;
    const form = c.req.valid('form');
    const result = await eraseForStaff({
      ctx: domainContext(deps),
      input: { contactId, notify: form.notify === 'yes', actor: staffActor(c) },
    });
    deps.logger.info('contact erasure', {
      erased: result.erased,
      receiptSent: result.receiptSent,
      via: 'console',
    });
    const view = await consoleView(c, deps);
    const m = view.m.contacts;
    return renderConsole(
      c,
      <ConsoleLayout view={view} title={m.erasedTitle}>
        <h1>{m.erasedTitle}</h1>
        <p role="status" class="status">
          {m.erasedBody}
        </p>
        <p>{result.receiptSent ? m.receiptSent : m.receiptNotSent}</p>
        <p>
          <a href={view.href('/admin/contacts')}>{m.back}</a>
        </p>
      </ConsoleLayout>,
    );
  });
}
