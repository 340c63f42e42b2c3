// The webhook endpoint as a delivery target: the event's body, signed the Standard Webhooks way
// with the `standardwebhooks` library (every current secret: two during a rotation), POSTed
// through the HttpSender port. A 2xx delivers; a 410 disables the endpoint; anything else, a
// timeout or a connection failure is tried again on the schedule.
import { Webhook } from 'standardwebhooks';
import type { DeliveryOutcome, DeliveryTarget, OutboundMessage } from '../domain/delivery-target';
import { type HttpSender, retryAfterSeconds } from './http-sender';

export interface WebhookTargetOptions {
  url: string;
  /** Plain `whsec_…` secrets; each one adds a signature. */
  secrets: string[];
  sender: HttpSender;
  timeoutMs: number;
  now(): Date;
}

export const WEBHOOK_USER_AGENT = 'mailprefs-webhooks/1';

/** The three Standard Webhooks headers for a body, one `v1,…` signature per signer. */
export function signedHeaders(
  signers: Webhook[],
  messageId: string,
  at: Date,
  body: string,
): Record<string, string> {
  const signatures = signers.map((s) => s.sign(messageId, at, body));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

export function webhookTarget(opts: WebhookTargetOptions): DeliveryTarget {
  const signers = opts.secrets.map((s) => new Webhook(s));
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
          ...signedHeaders(signers, message.messageId, opts.now(), body),
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
