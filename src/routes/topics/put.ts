import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { domainContext } from '../../deps';
import { upsertTopic } from '../../domain/topics';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { TopicInput, TopicKey, TopicOutput, topicJson } from './schema';

export function registerPutTopic(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'put',
    path: '/v1/topics/{key}',
    operationId: 'upsertTopic',
    tags: ['Topics'],
    summary: 'Create or update a topic',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'admin'), jsonOnly] as const,
    request: { params: z.object({ key: TopicKey }), body: jsonBody(TopicInput) },
    responses: {
      200: jsonContent(TopicOutput, 'Updated'),
      201: jsonContent(TopicOutput, 'Created'),
      ...apiErrors,
    },
  });
  router.openapi(route, async (c) => {
    const { key } = c.req.valid('param');
    const { topic, created } = await upsertTopic(domainContext(deps), key, c.req.valid('json'));
    return c.json(topicJson(topic), created ? 201 : 200);
  });
}
