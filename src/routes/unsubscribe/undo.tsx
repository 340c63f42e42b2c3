// POST /u/{token}/undo: the "subscribe again" button on the confirmation page. Re-subscribing
// is an explicit choice by the subscriber, recorded with the wording they were shown.
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { domainContext } from '../../deps';
import { findTopic, localise } from '../../domain/topics';
import { resubscribe } from '../../domain/unsubscribe';
import { requestConsent } from '../../http/request-info';
import type { Router } from '../../http/router';
import { fill } from '../../web/i18n';
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

const TOPIC_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const MAX_UNDO_TOPICS = 100;

export function registerUndo(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'post',
    path: '/u/{token}/undo',
    operationId: 'undoUnsubscribe',
    security: [],
    tags: ['Unsubscribe'],
    summary: 'Subscribe again after unsubscribing (the confirmation page button)',
    description:
      'For a topic link, re-subscribes that topic. For an all-topics link, re-subscribes the topics in the form field `topics` (comma-separated; the confirmation page fills in what the person received before). Recorded in the consent trail as source unsubscribe-page.',
    middleware: [unsubscribePageHeaders(deps)] as const,
    request: { params: TokenParam },
    responses: { 200: html('The result'), 400: html('The link is not valid') },
  });
  router.openapi(route, async (c) => {
    const form = await readForm(c);
    const link = form ? await resolveLink(deps, c, c.req.valid('param').token) : null;
    if (!form || !link) return invalidLinkPage(c, deps);
    const { claims, contact, topic, locale, m } = link;

    // Any key in the form is only a wish of the link's own holder; unknown and archived
    // topics are dropped by the domain.
    const keys = topic
      ? [topic.key]
      : (form.topics ?? '')
          .split(',')
          .map((k) => k.trim())
          .filter((k) => TOPIC_KEY.test(k))
          .slice(0, MAX_UNDO_TOPICS);
    const names = new Map<string, string>();
    for (const key of keys) {
      const found = key === topic?.key ? topic : await findTopic(deps.db, key);
      if (found) names.set(key, localise(found.name, locale));
    }
    const label = (list: string[]) => list.map((k) => names.get(k) ?? k).join(m.unsubscribe.listSeparator);

    const restored = await resubscribe(domainContext(deps), {
      contactId: contact.id,
      topics: [...names.keys()],
      consent: {
        ...requestConsent(c, deps, 'unsubscribe-page'),
        tokenId: claims.tokenId,
        campaign: claims.campaign,
        wording: fill(m.unsubscribe.undoWording, { topic: label([...names.keys()]) }),
        note: 'undo on the unsubscribe page',
      },
    });
    return c.html(
      <UndoDone
        m={m}
        brand={deps.config.brand}
        topicName={topicName(link)}
        preferencesUrl={await preferencesPath(deps, contact.id)}
        restored={restored.length ? label(restored) : null}
      />,
      200,
    );
  });
}
