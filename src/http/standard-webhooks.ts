// Standard Webhooks (standardwebhooks.com) signatures, in one place for every webhook the
// service receives (presend calls, Resend's delivery events) and sends. Signatures are made by
// the reference library: HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${raw body}` with
// the key that follows `whsec_`, written `v1,<base64>`; `webhook-signature` may hold several,
// space-separated, while a secret is being rotated. The library's own verify() reads the
// system clock, so the timestamp is checked here against the time the caller passes (the app's
// clock for presend) and the given signatures are compared with the library's, in constant
// time. Replay protection is the caller's job (domain/webhook-ids.ts), since only it knows
// when a delivery counts as handled.
import { Webhook } from 'standardwebhooks';
import { constantTimeEqual } from '../crypto/random';
import { signatureRefused } from '../domain/errors';

export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;
/** Signatures looked at per delivery: a rotation needs two or three, not thousands. */
const MAX_SIGNATURES = 16;

export interface VerifiedWebhook {
  id: string;
  timestamp: Date;
}

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export function webhookHeaders(get: (name: string) => string | undefined): WebhookHeaders {
  return { id: get('webhook-id'), timestamp: get('webhook-timestamp'), signature: get('webhook-signature') };
}

/** True when a request carries any Standard Webhooks header (and so means to be verified). */
export function hasWebhookHeaders(h: WebhookHeaders): boolean {
  return h.id !== undefined || h.timestamp !== undefined || h.signature !== undefined;
}

/** The `v1,<base64>` signature a sender puts in `webhook-signature`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  return new Webhook(secret).sign(id, new Date(timestampSeconds * 1000), body);
}

/**
 * Checks headers and signature against the raw body. Throws a 401 (signatureRefused) with a
 * reason a sender can act on; never says which part of a signature was wrong.
 */
export function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  body: string,
  now: Date,
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): VerifiedWebhook {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) {
    throw signatureRefused('webhook-id, webhook-timestamp and webhook-signature are all required');
  }
  if (id.length > 256) throw signatureRefused('webhook-id is too long');
  if (!/^\d{1,12}$/.test(timestamp)) throw signatureRefused('webhook-timestamp must be Unix seconds');
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > toleranceSeconds) {
    throw signatureRefused('webhook-timestamp is too far from the current time');
  }
  const expected = signWebhook(secret, id, seconds, body);
  const matches = signature
    .split(' ')
    .slice(0, MAX_SIGNATURES)
    .some((entry) => constantTimeEqual(entry, expected));
  if (!matches) throw signatureRefused('the webhook signature does not match');
  return { id, timestamp: new Date(seconds * 1000) };
}
