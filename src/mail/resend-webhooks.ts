// Verifies Resend's signed webhooks (Standard Webhooks / Svix scheme) with the SDK's own
// verifier: HMAC over `id.timestamp.body` with the whsec_ secret, and a 5-minute tolerance on
// the timestamp. Verification needs the raw body exactly as received.
import { Resend } from 'resend';

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/**
 * Returns the parsed event, or null when the signature, secret or timestamp does not check out.
 * Never throws: every failure is the same "not from Resend" to the caller.
 */
export function verifyResendWebhook(
  secret: string,
  payload: string,
  headers: WebhookHeaders,
): unknown | null {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return null;
  try {
    // verify() needs no API key, but the SDK's constructor insists on one.
    return new Resend('re_verify_only').webhooks.verify({
      payload,
      headers: { id, timestamp, signature },
      webhookSecret: secret,
    });
  } catch {
    return null;
  }
}
