// GET (and HEAD) /u/{token}: the unsubscribe question. Never changes anything, because link
// scanners and mail previews follow links; only the page's button (a POST) unsubscribes.
import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { maskEmail } from '../../domain/email';
import { pausedUntil } from '../../domain/pause';
import { subscribedTopics, subscriptionStatus } from '../../domain/unsubscribe';
import type { Router } from '../../http/router';
import { issueFormToken } from '../../links/form-token';
import {
  html,
  invalidLinkPage,
  preferencesPath,
  resolveLink,
  TokenParam,
  topicName,
  unsubscribePageHeaders,
  unsubscribePath,
} from './link';
import { UnsubscribeQuestion } from './views';

export function registerUnsubscribePage(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'get',
    path: '/u/{token}',
    operationId: 'showUnsubscribePage',
    security: [],
    tags: ['Unsubscribe'],
    summary: 'The unsubscribe page (changes nothing; HEAD works too)',
    middleware: [unsubscribePageHeaders(deps)] as const,
    request: { params: TokenParam },
    responses: { 200: html('Asks whether to unsubscribe'), 400: html('The link is not valid') },
  });
  router.openapi(route, async (c) => {
    const { token } = c.req.valid('param');
    const link = await resolveLink(deps, c, token);
    if (!link) return invalidLinkPage(c, deps, token);
    const { contact, topic, brand } = link;
    const ctx = domainContext(deps);
    const alreadyDone = topic
      ? (await subscriptionStatus({ ctx, input: { contactId: contact.id, topic: topic.key } })) ===
        'unsubscribed'
      : contact.unsubscribedAllAt !== null &&
        (await subscribedTopics({ ctx, input: { contactId: contact.id, brand: brand.key } })).length === 0;
    return c.html(
      <UnsubscribeQuestion
        m={link.m}
        brand={brand}
        topicName={topicName(link)}
        preferencesUrl={await preferencesPath(deps, contact.id, brand.key)}
        action={unsubscribePath(token)}
        alreadyDone={alreadyDone}
        maskedEmail={maskEmail(contact.email)}
        pause={{
          action: unsubscribePath(token, '/pause'),
          formToken: await issueFormToken(deps.signer, link.claims),
          pausedUntil: pausedUntil(contact, deps.clock.now()),
        }}
      />,
      200,
    );
  });
}
