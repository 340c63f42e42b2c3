// GET and POST /p/{token}: the subscriber's own preference center. The link token says who
// they are; the form carries a short-lived form token tied to that link, and the POST must
// come from our own page (see http/same-origin.ts). Every change goes through the domain,
// which writes the consent trail.
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { domainContext, softOptInOf } from '../../deps';
import {
  changesFromForm,
  type PreferenceView,
  preferenceView,
  saveChoices,
} from '../../domain/preference-center';
import { unsubscribeAll } from '../../domain/preferences';
import { localise } from '../../domain/topics';
import { htmlContent } from '../../http/openapi';
import { requestConsent } from '../../http/request-info';
import type { Router } from '../../http/router';
import { fill, type Messages } from '../../web/i18n';
import { brandNames } from '../../web/page-brand';
import { linkProblem, openLink, openPostedPage, renderPreferences } from './opened-link';
import { keepChosenLanguage, pageMessages } from './page-context';
import { changeSummary, pauseOrResume } from './pause-and-summary';
import { LangQuery, PreferencesForm, TokenParam } from './schema';

const SOURCE = 'preference-center';

/** What a form POST from a link's page may answer instead of its page. */
export const postedPageErrors = {
  400: htmlContent('The link is not valid, or the form was open too long (nothing saved)'),
  403: htmlContent('The form came from another site or carried a wrong form token (nothing saved)'),
  404: htmlContent('The link points at a contact that no longer exists'),
};

export const pageResponses = { 200: htmlContent('The preference center'), ...postedPageErrors };

function wording(topic: PreferenceView['topics'][number]['topic'], m: Messages, brandLocale: string): string {
  const name = localise(topic.name, m.lang, brandLocale);
  const description = localise(topic.description, m.lang, brandLocale);
  return description ? `${name}\n${description}` : name;
}

export function registerPreferencePage(router: Router, deps: AppDeps) {
  const show = createRoute({
    method: 'get',
    path: '/p/{token}',
    operationId: 'showPreferenceCenter',
    security: [],
    tags: ['Pages'],
    summary: 'The preference center page for a signed preference link',
    request: { params: TokenParam, query: LangQuery },
    responses: { 200: pageResponses[200], 400: pageResponses[400], 404: pageResponses[404] },
  });
  router.openapi(show, async (c) => {
    const { token } = c.req.valid('param');
    const opened = await openLink(c, deps, token);
    if (typeof opened === 'string') return linkProblem(c, deps, opened, token);
    const m = pageMessages(c, opened.view.contact.locale);
    return c.html(await renderPreferences(c, deps, opened, m), 200);
  });

  const save = createRoute({
    method: 'post',
    path: '/p/{token}',
    operationId: 'savePreferences',
    security: [],
    tags: ['Pages'],
    summary: 'Save choices from the preference center, or unsubscribe from everything',
    request: {
      params: TokenParam,
      query: LangQuery,
      body: {
        content: { 'application/x-www-form-urlencoded': { schema: PreferencesForm } },
        required: true,
      },
    },
    responses: pageResponses,
  });
  router.openapi(save, async (c) => {
    const { token } = c.req.valid('param');
    const form = c.req.valid('form');
    const posted = await openPostedPage(c, deps, token, form.form_token);
    if (posted instanceof Response) return posted;
    const { opened, m } = posted;

    const consent = { ...requestConsent(c, deps, SOURCE), tokenId: opened.link.tokenId };
    const ctx = domainContext(deps);
    const contactId = opened.view.contact.id;
    const names = {
      brand: opened.brand.name,
      brands: (await brandNames(deps)).join(m.unsubscribe.listSeparator),
    };
    let text: string;
    let lines: string[] | undefined;
    let kind: 'ok' | 'error' = 'ok';
    if (form.action === 'pause' || form.action === 'resume') {
      const paused = await pauseOrResume(c, deps, {
        contactId,
        tokenId: opened.link.tokenId,
        action: form.action,
        months: form.months,
        m,
      });
      text = paused.text;
      kind = paused.ok ? 'ok' : 'error';
    } else if (form.action === 'unsubscribe-all' || form.action === 'unsubscribe-every-brand') {
      const everyBrand = form.action === 'unsubscribe-every-brand';
      const wording = everyBrand
        ? m.preferences.unsubscribeEveryBrandWording
        : m.preferences.unsubscribeAllWording;
      await unsubscribeAll({
        ctx,
        input: {
          contactId,
          consent: { ...consent, wording: fill(wording, names) },
          brand: everyBrand ? null : opened.brand.key,
        },
      });
      text = fill(everyBrand ? m.preferences.unsubscribedEveryBrand : m.preferences.unsubscribedAll, names);
    } else {
      const topics = new Map(opened.view.topics.map((s) => [s.topic.key, s.topic]));
      const applied = await saveChoices({
        ctx,
        input: {
          contactId,
          changes: changesFromForm(opened.view, { shown: form.shown, ticked: form.topic }),
          wordingFor: (key) => wording(topics.get(key)!, m, opened.brand.defaultLocale),
          consent,
        },
      });
      text = applied.length > 0 ? m.preferences.saved : m.preferences.nothingChanged;
    }
    await keepChosenLanguage(c, deps, contactId);
    const after = await preferenceView({
      ctx,
      input: { contactId, softOptIn: softOptInOf(deps), brand: opened.brand.key },
    });
    if (!after) return linkProblem(c, deps, 'gone');
    if (form.action === 'save') lines = changeSummary(opened.view, after, m);
    const refreshed = { ...opened, view: after };
    const status = { kind, text, lines, focus: true };
    return c.html(await renderPreferences(c, deps, refreshed, m, status), kind === 'ok' ? 200 : 400);
  });
}
