// POST /u/{token}/pause: "pause all mail" (or "resume now") from the unsubscribe page, for
// people who want fewer emails rather than none. A page form: same origin and a signed form
// token, like the undo.
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { domainContext } from '../../deps';
import { isPauseMonths, pauseMail, resumeMail } from '../../domain/pause';
import { requestConsent } from '../../http/request-info';
import type { Router } from '../../http/router';
import { fill } from '../../web/i18n';
import { formatDate } from '../../web/pages/pause';
import { html, TokenParam, unsubscribePageHeaders } from './link';
import { checkedPageForm } from './page-form';
import { StatusPage } from './views';

export function registerPause(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'post',
    path: '/u/{token}/pause',
    operationId: 'pauseFromUnsubscribePage',
    security: [],
    tags: ['Unsubscribe'],
    summary: 'Pause all mail for 1, 3 or 6 months, or end a pause (the unsubscribe page)',
    description:
      'Form fields: `form_token` (from the page, valid 2 hours), `action` (`pause` or `resume`) and, to pause, `months` (1, 3 or 6). While paused, presend answers `paused` for every topic; the pause ends by itself. Must come from our own page (Origin / Sec-Fetch-Site). Recorded in the consent trail (source unsubscribe-page) and sent as contact.paused / contact.resumed.',
    middleware: [unsubscribePageHeaders(deps)] as const,
    request: { params: TokenParam },
    responses: {
      200: html('Paused (with the end date) or resumed'),
      400: html(
        'The link is not valid, no length was chosen, or the page was open too long (nothing changed)',
      ),
      403: html('The form came from another site or carried a wrong form token (nothing changed)'),
    },
  });
  router.openapi(route, async (c) => {
    const checked = await checkedPageForm(c, deps, c.req.valid('param').token);
    if (checked instanceof Response) return checked;
    const { link, form, common } = checked;
    const p = link.m.pause;
    const consent = {
      ...requestConsent(c, deps, 'unsubscribe-page'),
      tokenId: link.claims.tokenId,
      campaign: link.claims.campaign,
    };
    const ctx = domainContext(deps);
    if (form.action === 'resume') {
      const resumed = await resumeMail({ ctx, input: { contactId: link.contact.id, consent } });
      const text = resumed ? p.resumed : p.notPaused;
      return c.html(<StatusPage {...common} title={p.resumedTitle} text={text} />, 200);
    }
    const months = Number(form.months);
    if (!isPauseMonths(months))
      return c.html(<StatusPage {...common} title={p.heading} text={p.chooseLength} error />, 400);
    const date = (until: Date) => formatDate(until, link.m);
    const until = await pauseMail({
      ctx,
      input: {
        contactId: link.contact.id,
        months,
        consent,
        wordingFor: (end) => fill(p.wording, { date: date(end) }),
      },
    });
    const text = fill(p.pausedUntil, { date: date(until) });
    return c.html(<StatusPage {...common} title={p.pausedTitle} text={text} />, 200);
  });
}
