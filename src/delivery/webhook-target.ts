// The webhook endpoint as a delivery target: the event's body, signed the Standard Webhooks way
// with src/http/standard-webhooks.ts (every current secret: two during a rotation), POSTed
// through the HttpSender port. A 2xx delivers; a 410 disables the endpoint; anything else, a
// timeout or a connection failure is tried again on the schedule.

import type { DeliveryOutcome, DeliveryTarget, OutboundMessage } from '../domain/delivery-target';
import { signWebhook } from '../http/standard-webhooks';
import { retryAfterSeconds } from '../net/retry-after';
import type { HttpSender } from './http-sender';

export interface WebhookTargetOptions {
  url: string;
  /** Plain `whsec_…` secrets; each one adds a signature. */
  secrets: string[];
  sender: HttpSender;
  timeoutMs: number;
  now(): Date;
}

export const WEBHOOK_USER_AGENT = 'mailprefs-webhooks/1';

/** The three Standard Webhooks headers for a body, one `v1,…` signature per secret (signWebhook, the one signer). */
export function signedHeaders(
  secrets: readonly string[],
  messageId: string,
  at: Date,
  body: string,
): Record<string, string> {
  const seconds = Math.floor(at.getTime() / 1000);
  const signatures = secrets.map((secret) => signWebhook(secret, messageId, seconds, body));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(seconds),
    'webhook-signature': signatures.join(' '),
  };
}

export function webhookTarget(opts: WebhookTargetOptions): DeliveryTarget {
  return {
    async deliver(message: OutboundMessage): Promise<DeliveryOutcome> {
      const body = JSON.stringify(message.event);
      const answer = await opts.sender.post({
        url: opts.url,
        body,
        timeoutMs: opts.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'user-agent': WEBHOOK_USER_AGENT,
          ...signedHeaders(opts.secrets, message.messageId, opts.now(), body),
        },
      });
      if (answer.kind === 'failed') return { result: 'retry', error: answer.error };
      const { status } = answer;
      if (status >= 200 && status < 300) return { result: 'delivered', statusCode: status };
      if (status === 410) return { result: 'disable_target', statusCode: status, error: 'HTTP 410: gone' };
      return {
        result: 'retry',
        statusCode: status,
        error: `HTTP ${status}`,
        retryAfterSeconds: retryAfterSeconds(answer.retryAfter, opts.now()),
      };
    },
  };
}
