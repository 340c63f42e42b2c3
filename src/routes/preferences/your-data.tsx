// The preference center's data rights: "Download my data" (POST /p/{token}/export) and the
// two-step "Delete my data" (POST /p/{token}/delete asks, POST /p/{token}/delete/confirm
// erases). All three are POSTs behind the same origin and form-token checks as the save form:
// link scanners follow links, and neither the data nor the deletion may be one GET away.
// The work is the domain's: exportContact for the document, eraseContact for the erasure
// (receipt first, and nothing deleted if it cannot be sent).
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type AppDeps, domainContext } from '../../deps';
import { maskEmail } from '../../domain/email';
import { eraseContact } from '../../domain/erasure';
import { AppError } from '../../domain/errors';
import { exportContact } from '../../domain/export';
import { htmlContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { issueFormToken } from '../../links/form-token';
import type { Messages } from '../../web/i18n';
import type { StatusMessage } from '../../web/pages/preferences';
import { DeleteConfirmPage, DeletedPage, DeleteFailedPage } from '../../web/pages/your-data';
import { ContactExportOutput } from '../contacts/schema';
import {
  checkForm,
  linkProblem,
  type OpenedLink,
  openLink,
  openPostedPage,
  pagePath,
  refusedPage,
} from './opened-link';
import { postedPageErrors } from './page';
import { pageMessages } from './page-context';
import { DeleteConfirmForm, LangQuery, TokenParam, YourDataForm } from './schema';

const SOURCE = 'preference-center';

function formBody<T>(schema: T) {
  return { content: { 'application/x-www-form-urlencoded': { schema } }, required: true } as const;
}

async function confirmPage(
  c: Context,
  deps: AppDeps,
  opened: OpenedLink,
  m: Messages,
  status?: StatusMessage,
) {
  return (
    <DeleteConfirmPage
      m={m}
      brand={opened.brand}
      maskedEmail={maskEmail(opened.view.contact.email)}
      formAction={pagePath(c, opened, '/delete/confirm')}
      formToken={await issueFormToken(deps.signer, opened.link, 'erase')}
      cancelUrl={pagePath(c, opened)}
      status={status}
    />
  );
}

export function registerYourData(router: Router, deps: AppDeps) {
  const download = createRoute({
    method: 'post',
    path: '/p/{token}/export',
    operationId: 'downloadMyData',
    security: [],
    tags: ['Pages'],
    summary: 'Download my data: the contact data document as a JSON file',
    description:
      'The same document as GET /v1/contacts/{contact}/export (contact, subscriptions, whole consent trail, suppressions), answered as an attachment named my-data.json.',
    request: { params: TokenParam, query: LangQuery, body: formBody(YourDataForm) },
    responses: {
      200: {
        content: { 'application/json': { schema: ContactExportOutput } },
        description: 'The data document, as a download (Content-Disposition: attachment)',
      },
      ...postedPageErrors,
    },
  });
  router.openapi(download, async (c) => {
    const { token } = c.req.valid('param');
    const posted = await openPostedPage(c, deps, token, c.req.valid('form').form_token);
    if (posted instanceof Response) return posted;
    const { opened } = posted;
    const doc = await exportContact({
      ctx: domainContext(deps),
      input: { contactId: opened.view.contact.id },
    });
    // The page headers add Cache-Control: no-store and strip any cookie.
    return c.json(doc, 200, { 'Content-Disposition': 'attachment; filename="my-data.json"' });
  });

  const ask = createRoute({
    method: 'post',
    path: '/p/{token}/delete',
    operationId: 'askToDeleteMyData',
    security: [],
    tags: ['Pages'],
    summary: 'Delete my data, step 1: the confirmation page (nothing is deleted yet)',
    request: { params: TokenParam, query: LangQuery, body: formBody(YourDataForm) },
    responses: {
      200: htmlContent('What will be deleted and what stays, with the confirm button'),
      ...postedPageErrors,
    },
  });
  router.openapi(ask, async (c) => {
    const { token } = c.req.valid('param');
    const posted = await openPostedPage(c, deps, token, c.req.valid('form').form_token);
    if (posted instanceof Response) return posted;
    const { opened, m } = posted;
    return c.html(await confirmPage(c, deps, opened, m), 200);
  });

  const confirm = createRoute({
    method: 'post',
    path: '/p/{token}/delete/confirm',
    operationId: 'deleteMyData',
    security: [],
    tags: ['Pages'],
    summary: 'Delete my data, step 2: erase the contact after mailing a confirmation',
    description:
      'Needs the form token from the step-1 page and confirm=delete. Mails a deletion receipt, then deletes the contact, its subscriptions and consent trail, keeping only a keyed hash of the address on the suppression list (reason erased). If the receipt cannot be sent, nothing is deleted.',
    request: { params: TokenParam, query: LangQuery, body: formBody(DeleteConfirmForm) },
    responses: {
      200: htmlContent('Deleted; the link no longer works'),
      400: htmlContent('The link is not valid, or the confirmation page was open too long (nothing deleted)'),
      403: postedPageErrors[403],
      404: postedPageErrors[404],
      503: htmlContent('The confirmation mail could not be sent; nothing was deleted'),
    },
  });
  router.openapi(confirm, async (c) => {
    const { token } = c.req.valid('param');
    const opened = await openLink(c, deps, token);
    if (typeof opened === 'string') return linkProblem(c, deps, opened, token);
    const { contact } = opened.view;
    const m = pageMessages(c, contact.locale);
    const { brand } = opened;
    const checked = await checkForm(c, deps, opened, c.req.valid('form').form_token, 'erase');
    if (checked === 'cross-site' || checked === 'refused') return refusedPage(c, opened, m, checked);
    if (checked === 'expired') {
      const status = { kind: 'error', text: m.yourData.expired } as const;
      return c.html(await confirmPage(c, deps, opened, m, status), 400);
    }

    let receiptSent: boolean;
    try {
      ({ receiptSent } = await eraseContact({
        ctx: domainContext(deps),
        input: { contactId: contact.id, source: SOURCE, brand },
      }));
    } catch (err) {
      // Erased meanwhile (a second tab, a double submit): the link is simply gone now.
      if (err instanceof AppError && err.code === 'not_found') return linkProblem(c, deps, 'gone');
      if (!(err instanceof AppError && err.code === 'service_unavailable')) throw err;
      deps.logger.warn('preference-center erasure: receipt not sent, nothing deleted', {
        requestId: c.get('requestId'),
      });
      return c.html(<DeleteFailedPage m={m} brand={brand} backUrl={pagePath(c, opened)} />, 503, {
        'Retry-After': '300',
      });
    }
    deps.logger.info('contact erasure', { source: SOURCE, receiptSent });
    return c.html(
      <DeletedPage m={m} brand={brand} maskedEmail={maskEmail(contact.email)} receiptSent={receiptSent} />,
      200,
    );
  });
}
