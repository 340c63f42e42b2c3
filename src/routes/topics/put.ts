import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { domainContext } from '../../deps';
import { upsertTopic } from '../../domain/topic-changes';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { TopicInput, TopicKey, TopicSaved, topicJson } from './schema';

export function registerPutTopic(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'put',
    path: '/v1/topics/{key}',
    operationId: 'upsertTopic',
    tags: ['Topics'],
    summary: 'Create or update a topic',
    description:
      'Every change is recorded in the audit log (GET /v1/audit). Changing the legal basis of an existing topic needs `"confirm_basis_change": true` (409 conflict otherwise, naming how many contacts it affects); the answer says how many contacts presend now answers differently for.',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'admin'), jsonOnly] as const,
    request: { params: z.object({ key: TopicKey }), body: jsonBody(TopicInput) },
    responses: {
      200: jsonContent(TopicSaved, 'Updated'),
      201: jsonContent(TopicSaved, 'Created'),
      ...apiErrors,
      ...errorResponses(409),
    },
  });
  router.openapi(route, async (c) => {
    const { key } = c.req.valid('param');
    const { confirm_basis_change, ...input } = c.req.valid('json');
    const apiKey = c.get('apiKey');
    const { topic, created, verdictsChanged } = await upsertTopic({
      ctx: domainContext(deps),
      input: {
        key,
        topic: input,
        actor: { type: 'api_key', id: apiKey?.id ?? null },
        confirmBasisChange: confirm_basis_change,
        softOptInMonths: deps.config.softOptInMonths,
      },
    });
    return c.json({ ...topicJson(topic), verdicts_changed: verdictsChanged }, created ? 201 : 200);
  });
}
