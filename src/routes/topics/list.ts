import { createRoute, z } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { listTopics } from '../../domain/topics';
import { requireScope } from '../../http/middleware';
import { apiErrors, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { TopicOutput, topicJson } from './schema';

export function registerListTopics(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'get',
    path: '/v1/topics',
    operationId: 'listTopics',
    tags: ['Topics'],
    summary: 'List topics',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'admin')] as const,
    request: {
      query: z.object({
        include_archived: z
          .enum(['true', 'false'])
          .optional()
          .openapi({ description: 'Also list archived topics' }),
      }),
    },
    responses: { 200: jsonContent(z.object({ topics: z.array(TopicOutput) }), 'Topics'), ...apiErrors },
  });
  router.openapi(route, async (c) => {
    const includeArchived = c.req.valid('query').include_archived === 'true';
    const topics = await listTopics({ ctx: domainContext(deps), input: { includeArchived } });
    return c.json({ topics: topics.map(topicJson) }, 200);
  });
}
