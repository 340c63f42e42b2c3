// Who may ask for presend verdicts: an API key with the `presend` (or `admin`) scope, or a
// mailing tool that signs its calls with Standard Webhooks and PRESEND_WEBHOOK_SECRET. Every
// database read here goes through the fail-closed guard, so a failing database answers 503
// already at authentication, never 500.
import type { MiddlewareHandler } from 'hono';
import { type AppDeps, domainContext } from '../../deps';
import { hasScope } from '../../domain/api-keys';
import { AppError } from '../../domain/errors';
import { rememberWebhookId, webhookIdSeen } from '../../domain/webhook-ids';
import { authenticate } from '../../http/middleware';
import type { AppEnv } from '../../http/router';
import {
  hasWebhookHeaders,
  verifyWebhook,
  WEBHOOK_TOLERANCE_SECONDS,
  webhookHeaders,
} from '../../http/standard-webhooks';

export type Guard = <T>(work: () => Promise<T>) => Promise<T>;

const PROVIDER = 'presend';
// Ids received more than three tolerances ago are forgotten: their timestamps (at most one
// tolerance ahead of receipt) would be refused anyway, so the table stays small.
const FORGET_AFTER_MS = 3 * WEBHOOK_TOLERANCE_SECONDS * 1000;

export function presendAuth(deps: AppDeps, guard: Guard): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const authorization = c.req.header('authorization');
    const signed = webhookHeaders((name) => c.req.header(name));
    // A Bearer key wins when both are present: it names a key the trail can point at.
    if (authorization || !hasWebhookHeaders(signed)) {
      const key = await guard(() => authenticate(deps, authorization, deps.presendCaches.apiKeys));
      if (!key) {
        // Either credential is named, unless signed calls are off here.
        const accepts = deps.config.presend.webhookSecret
          ? (['api-key', 'webhook-signature'] as const)
          : undefined;
        throw new AppError(
          'unauthorized',
          'a valid API key (Authorization: Bearer <key>) or a Standard Webhooks signature is required',
          undefined,
          { accepts },
        );
      }
      if (!hasScope(key, 'presend'))
        throw new AppError('forbidden', "this API key lacks the 'presend' scope");
      c.set('apiKey', key);
      return next();
    }

    const secret = deps.config.presend.webhookSecret;
    if (!secret) {
      throw new AppError(
        'unauthorized',
        'signed calls are not enabled here (PRESEND_WEBHOOK_SECRET is not set)',
      );
    }
    // The signature covers the raw bytes; Hono caches the text, so validation reads it again.
    const body = await c.req.text();
    const { id } = verifyWebhook(secret, signed, body, deps.clock.now());
    const ctx = domainContext(deps);
    if (await guard(() => webhookIdSeen({ ctx, input: { provider: PROVIDER, id } }))) {
      throw new AppError('conflict', 'this webhook-id was already answered; send a new id for a new call');
    }
    await next();
    // Only an answered call uses up its id, so a sender may retry one that failed (503).
    if (c.res.status !== 200) return;
    const fresh = await guard(() =>
      rememberWebhookId({ ctx, input: { provider: PROVIDER, id, forgetAfterMs: FORGET_AFTER_MS } }),
    );
    if (!fresh) {
      throw new AppError('conflict', 'this webhook-id was already answered; send a new id for a new call');
    }
  };
}
