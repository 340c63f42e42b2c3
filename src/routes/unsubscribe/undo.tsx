// POST /u/{token}/undo: the "subscribe again" button on the confirmation page. Re-subscribing
// is an explicit choice by the subscriber, recorded with the wording they were shown. Like the
// preference forms, the POST must come from our own page and carry the signed form token that
// page handed out; that token also names what the undo gives back (see domain/unsubscribe.ts),
// so no posted field can make it subscribe anything else.
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { domainContext, softOptInOf } from '../../deps';
import { listTopics, localise } from '../../domain/topics';
import { undoUnsubscribe } from '../../domain/unsubscribe';
import { requestConsent } from '../../http/request-info';
import type { Router } from '../../http/router';
import { isOwnPagePost } from '../../http/same-origin';
import { ALL_TOPICS, readFormToken } from '../../links/form-token';
import { fill } from '../../web/i18n';
import { RefusedPage } from '../../web/pages/preferences';
import { keepChosenLanguage } from '../preferences/page-context';
import {
  html,
  invalidLinkPage,
  preferencesPath,
  readForm,
  resolveLink,
  TokenParam,
  topicName,
  unsubscribePageHeaders,
} from './link';
import { UndoDone } from './views';

export function registerUndo(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'post',
    path: '/u/{token}/undo',
    operationId: 'undoUnsubscribe',
    security: [],
    tags: ['Unsubscribe'],
    summary: 'Subscribe again after unsubscribing (the confirmation page button)',
    description:
      'Form field `form_token`: the signed undo token from the confirmation page (valid 2 hours). Gives back exactly what the person received before that unsubscribe: the topics they had subscribed, and for an all-topics link the end of "unsubscribe from everything". Never subscribes a topic that was pending or never chosen; other fields are ignored. Must come from our own page (Origin / Sec-Fetch-Site). Recorded in the consent trail as source unsubscribe-page.',
    middleware: [unsubscribePageHeaders(deps)] as const,
    request: { params: TokenParam },
    responses: {
      200: html('The result'),
      400: html('The link is not valid, or the page was open too long (nothing changed)'),
      403: html('The form came from another site or carried a wrong form token (nothing changed)'),
    },
  });
  router.openapi(route, async (c) => {
    const form = await readForm(c);
    const link = form ? await resolveLink(deps, c, c.req.valid('param').token) : null;
    if (!form || !link) return invalidLinkPage(c, deps);
    const { claims, contact, locale, m, brand } = link;
    const refused = () => c.html(<RefusedPage m={m} brand={brand} />, 403);
    if (!isOwnPagePost(c, deps.config.publicUrl)) return refused();
    const undo = await readFormToken(deps.signer, deps.clock, form.form_token ?? '', claims, 'undo');
    if (undo === 'refused') return refused();
    const common = {
      m,
      brand,
      topicName: topicName(link),
      preferencesUrl: await preferencesPath(deps, contact.id, brand.key),
    };
    if (undo === 'expired') return c.html(<UndoDone {...common} restored={null} expired />, 400);

    const names = new Map(
      (await listTopics({ ctx: domainContext(deps) })).map((t) => [
        t.key,
        localise(t.name, locale, brand.defaultLocale),
      ]),
    );
    const label = (keys: string[]) => keys.map((k) => names.get(k) ?? k).join(m.unsubscribe.listSeparator);
    const restored = await undoUnsubscribe({
      ctx: domainContext(deps),
      input: {
        contactId: contact.id,
        topics: undo.topics ?? [],
        endsUnsubscribeAll: claims.topic === null || undo.topic === ALL_TOPICS,
        brand: brand.key,
        consent: {
          ...requestConsent(c, deps, 'unsubscribe-page'),
          tokenId: claims.tokenId,
          campaign: claims.campaign,
          note: 'undo on the unsubscribe page',
        },
        wordingFor: (keys) => fill(m.unsubscribe.undoWording, { topic: label(keys) }),
        softOptIn: softOptInOf(deps),
      },
    });
    await keepChosenLanguage(c, deps, contact.id);
    return c.html(<UndoDone {...common} restored={restored.length ? label(restored) : null} />, 200);
  });
}
