// POST /webhooks/resend: Resend's delivery events. The signature is checked on the raw body
// before anything is parsed; a bad one is 401. Permanent bounces and complaints suppress the
// address; every other event type is acknowledged and ignored. Each event id counts once.
import { createRoute, z } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { systemClock } from '../../domain/clock';
import { AppError, signatureRefused } from '../../domain/errors';
import { handleDeliveryEvent } from '../../domain/mail-events';
import { errorResponses, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { verifyWebhook, type WebhookHeaders } from '../../http/standard-webhooks';

// Only the fields we use; Resend adds others freely.
const ResendEvent = z.object({
  type: z.string().max(100),
  data: z
    .object({
      email_id: z.string().max(200).optional(),
      to: z.union([z.array(z.string().max(1000)).max(100), z.string().max(1000)]).optional(),
      bounce: z
        .object({ type: z.string().max(100).optional() })
        .partial()
        .optional(),
    })
    .partial()
    .optional(),
});

const Received = z
  .object({ received: z.literal(true), outcome: z.enum(['suppressed', 'ignored', 'duplicate']) })
  .openapi('WebhookReceived');

export function registerResendWebhook(router: Router, deps: AppDeps) {
  router.openAPIRegistry.registerComponent('securitySchemes', 'resendSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'svix-signature',
    description:
      'Resend signs its webhooks (Svix): svix-id, svix-timestamp and svix-signature (v1, HMAC-SHA256 with RESEND_WEBHOOK_SECRET)',
  });
  const route = createRoute({
    method: 'post',
    path: '/webhooks/resend',
    operationId: 'receiveResendEvent',
    security: [{ resendSignature: [] }],
    tags: ['Webhooks'],
    summary: 'Resend delivery events (bounces and complaints)',
    description:
      'Signed by Resend (svix-id, svix-timestamp, svix-signature; RESEND_WEBHOOK_SECRET). A permanent email.bounced suppresses the address (reason bounced), email.complained suppresses it for all marketing (reason complained). Other events are acknowledged and ignored; a replayed event id changes nothing.',
    responses: {
      200: jsonContent(Received, 'Handled, ignored, or already handled'),
      ...errorResponses(400, 401, 413, 503),
    },
  });

  router.openapi(route, async (c) => {
    const secret = deps.config.resend.webhookSecret;
    if (!secret) throw new AppError('service_unavailable', 'RESEND_WEBHOOK_SECRET is not configured');
    // Resend names the Standard Webhooks headers svix-*; either name is accepted.
    const header = (name: string) => c.req.header(`svix-${name}`) ?? c.req.header(`webhook-${name}`);
    const headers = { id: header('id'), timestamp: header('timestamp'), signature: header('signature') };
    const verified = verifiedEvent(secret, headers, await c.req.text());
    const eventId = headers.id!;

    const parsed = ResendEvent.safeParse(verified);
    if (!parsed.success)
      throw new AppError('validation_failed', 'the event does not have the shape Resend documents');
    const { type, data } = parsed.data;
    const to = data?.to === undefined ? [] : Array.isArray(data.to) ? data.to : [data.to];
    const outcome = await handleDeliveryEvent({
      ctx: domainContext(deps),
      input: {
        provider: 'resend',
        event: { eventId, type, messageId: data?.email_id, recipients: to, bounceType: data?.bounce?.type },
      },
    });
    deps.logger.info('resend webhook', { requestId: c.get('requestId'), type, outcome });
    return c.json({ received: true as const, outcome }, 200);
  });
}

/**
 * The event of a delivery signed with RESEND_WEBHOOK_SECRET. Resend stamps deliveries with the
 * real time, whatever clock the app runs on. Every failure, an unreadable body included, is the
 * same "not from Resend" to the sender.
 */
function verifiedEvent(secret: string, headers: WebhookHeaders, body: string): unknown {
  try {
    verifyWebhook(secret, headers, body, systemClock.now());
    return JSON.parse(body);
  } catch (err) {
    if (err instanceof AppError && err.code !== 'unauthorized') throw err;
    throw signatureRefused('the webhook signature does not verify');
  }
}
