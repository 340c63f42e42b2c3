// GET /v1/topics/{key}/stats: how many people left a topic, per campaign, and why (the optional
// question after an unsubscribe). "Never signed up" answers are flagged under `attention`,
// because they point at a consent problem staff should look into.
import { createRoute, z } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { AppError } from '../../domain/errors';
import { topicStats } from '../../domain/leave-reasons';
import { findTopic } from '../../domain/topics';
import { requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { TopicKey } from './schema';

const count = z.number().int().min(0);
const Reasons = z
  .object({
    too_many: count,
    not_relevant: count,
    never_signed_up: count,
    other: count,
    unanswered: count.openapi({ description: 'Unsubscribes without an answer (the question is optional)' }),
  })
  .openapi('LeaveReasonCounts');
const Counts = {
  unsubscribed: count.openapi({ description: 'Unsubscribes from this topic' }),
  unsubscribed_all: count.openapi({
    description: '"Unsubscribe from everything" chosen on the unsubscribe page of a link for this topic',
  }),
  reasons: Reasons,
};

export const TopicStatsOutput = z
  .object({
    topic: z.string(),
    totals: z.object(Counts),
    campaigns: z
      .array(
        z.object({
          campaign: z
            .string()
            .nullable()
            .openapi({ description: 'The campaign of the link used; null without one (API, older links)' }),
          ...Counts,
        }),
      )
      .openapi({ description: 'Per campaign, the one without a campaign first, then by name' }),
    attention: z
      .array(
        z.object({
          code: z.literal('never_signed_up'),
          count,
        }),
      )
      .openapi({
        description:
          'Signs for staff to check. `never_signed_up`: people answered that they never signed up, which points at how consent for this topic is collected.',
      }),
  })
  .openapi('TopicStats');

export function registerTopicStats(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'get',
    path: '/v1/topics/{key}/stats',
    operationId: 'getTopicStats',
    tags: ['Topics'],
    summary: 'Unsubscribes from a topic per campaign, and why people left',
    description:
      'Counted from the consent trail: every unsubscribe from the topic (however it was made) and every "unsubscribe from everything" made on the unsubscribe page of a link for it, with the answers to the optional "why?" question. Archived topics keep their stats.',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'admin')] as const,
    request: { params: z.object({ key: TopicKey }) },
    responses: { 200: jsonContent(TopicStatsOutput, 'The counts'), ...apiErrors, ...errorResponses(404) },
  });
  router.openapi(route, async (c) => {
    const { key } = c.req.valid('param');
    const ctx = domainContext(deps);
    if (!(await findTopic({ ctx, input: { key } }))) throw new AppError('not_found', 'topic not found');
    return c.json(await topicStats({ ctx, input: { topic: key } }), 200);
  });
}
