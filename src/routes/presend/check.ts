// POST /v1/presend: the verdicts a mailing tool asks for before it sends.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { AppError } from '../../domain/errors';
import { type PresendReader, presendVerdicts } from '../../domain/presend';
import type { PresendCallCounter } from '../../domain/presend-calls';
import { jsonOnly } from '../../http/middleware';
import { apiErrors, errorResponses, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { type Guard, presendAuth } from './auth';
import { PresendBatchResult, PresendRequest, PresendSingleResult } from './schema';
import type { PresendCounters } from './stats';

export function registerPresendCheck(
  router: Router,
  deps: AppDeps,
  opts: { guard: Guard; counters: PresendCounters; calls: PresendCallCounter; reader: PresendReader },
) {
  const route = createRoute({
    method: 'post',
    path: '/v1/presend',
    operationId: 'checkPresend',
    tags: ['Presend'],
    summary: 'Who may be mailed for a topic',
    description: [
      'Answers one verdict per recipient, in request order: send true, or send false with a reason',
      '(invalid_email, erased, complained, bounced, unsubscribed_all, unsubscribed, pending_confirmation,',
      'no_consent, no_relationship, paused; the first that applies, in that order) and a scope (topic or all).',
      'paused (scope all) means the person paused all mail until a date and would be mailed otherwise; it ends by itself.',
      'A consent topic is cleared only for contacts who opted in. A legitimate_interest topic (soft',
      'opt-in) is cleared only for customers (customer_since set, customer_until empty or on or after',
      'the same date SOFT_OPT_IN_MONTHS ago) who did not opt out and are not suppressed; anyone else, unknown',
      'addresses included, gets no_relationship. An unknown (404) or archived (409) topic',
      'refuses the whole request. If the database fails or is slower than PRESEND_TIMEOUT_MS the',
      'answer is 503 with Retry-After, never a partial list.',
      'Authenticate with a key that has the presend scope, or sign the call with Standard Webhooks',
      '(webhook-id, webhook-timestamp, webhook-signature; PRESEND_WEBHOOK_SECRET). A webhook-id',
      'is answered once.',
    ].join(' '),
    // Either scheme is enough (OpenAPI: alternatives are separate entries).
    security: [{ bearer: [] }, { standardWebhooks: [] }] as Record<string, string[]>[],
    middleware: [presendAuth(deps, opts.guard), jsonOnly] as const,
    request: { body: jsonBody(PresendRequest) },
    responses: {
      200: jsonContent(
        z.union([PresendBatchResult, PresendSingleResult]),
        'Verdicts (a list for `recipients`, one object for `email`)',
      ),
      ...apiErrors,
      ...errorResponses(404, 409, 503),
    },
  });

  router.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const recipients = body.recipients ?? [body.email as string];
    let outcome: Awaited<ReturnType<typeof presendVerdicts>>;
    try {
      outcome = await opts.guard(() =>
        presendVerdicts(
          {
            db: deps.db,
            reader: opts.reader,
            clock: deps.clock,
            softOptInMonths: deps.config.softOptInMonths,
            topicCache: deps.presendCaches.topics,
          },
          { topic: body.topic, recipients },
        ),
      );
    } catch (err) {
      if (err instanceof AppError && (err.code === 'not_found' || err.code === 'conflict'))
        opts.counters.refused();
      throw err;
    }
    opts.counters.record(outcome.counts);
    opts.calls.count();
    // Verdicts are about people: no cache, shared or private, should keep them.
    c.header('Cache-Control', 'no-store');
    if (body.email !== undefined) return c.json({ topic: outcome.topic, ...outcome.results[0] }, 200);
    return c.json(outcome, 200);
  });
}
