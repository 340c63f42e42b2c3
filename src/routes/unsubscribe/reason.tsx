// POST /u/{token}/reason: the optional "why are you leaving?" answer after an unsubscribe
// through this link. Stored once on that unsubscribe's trail entry; a second answer changes
// nothing. A page form: same origin and a signed form token, like the undo.
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { domainContext } from '../../deps';
import { isLeaveReason, recordLeaveReason } from '../../domain/leave-reasons';
import type { Router } from '../../http/router';
import { issueFormToken } from '../../links/form-token';
import { Page } from '../../web/layout';
import { html, TokenParam, unsubscribePageHeaders, unsubscribePath } from './link';
import { checkedPageForm } from './page-form';
import { LeaveReasonForm, StatusPage } from './views';

export function registerLeaveReason(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'post',
    path: '/u/{token}/reason',
    operationId: 'answerLeaveReason',
    security: [],
    tags: ['Unsubscribe'],
    summary: 'Say why you unsubscribed (optional, after the unsubscribe page)',
    description:
      'Form fields: `form_token` (from the confirmation page, valid 2 hours) and `reason`: `too_many`, `not_relevant`, `never_signed_up` or `other`. Stored on the consent-trail entry of the latest unsubscribe made with this link, once; a later answer changes nothing. Counted in GET /v1/topics/{key}/stats.',
    middleware: [unsubscribePageHeaders(deps)] as const,
    request: { params: TokenParam },
    responses: {
      200: html('Thanks (or: that unsubscribe has its answer already)'),
      400: html('The link is not valid, no answer was chosen, or the page was open too long'),
      403: html('The form came from another site or carried a wrong form token (nothing changed)'),
    },
  });
  router.openapi(route, async (c) => {
    const { token } = c.req.valid('param');
    const checked = await checkedPageForm(c, deps, token);
    if (checked instanceof Response) return checked;
    const { link, form, common } = checked;
    const l = link.m.leave;
    if (!isLeaveReason(form.reason)) {
      // The question again, saying what is missing.
      const formToken = await issueFormToken(deps.signer, link.claims);
      return c.html(
        <Page title={l.legend} m={link.m} brand={deps.config.brand}>
          <h1>{link.m.unsubscribe.doneTitle}</h1>
          <LeaveReasonForm
            m={link.m}
            action={unsubscribePath(token, '/reason')}
            formToken={formToken}
            error
          />
        </Page>,
        400,
      );
    }
    const saved = await recordLeaveReason({
      ctx: domainContext(deps),
      input: { contactId: link.contact.id, tokenId: link.claims.tokenId, reason: form.reason },
    });
    const text = saved === 'saved' ? l.thanks : saved === 'answered' ? l.answered : l.none;
    return c.html(<StatusPage {...common} title={l.thanksTitle} text={text} />, 200);
  });
}
