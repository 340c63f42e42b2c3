// Standard Webhooks (standardwebhooks.com) signatures, verified with node:crypto: the signed
// content is `${webhook-id}.${webhook-timestamp}.${raw body}`, HMAC-SHA256 with the key that
// follows `whsec_` (base64), and `webhook-signature` holds space-separated `v1,<base64>`
// entries (several while a secret is being rotated). Replay protection is the caller's job
// (see `rememberWebhookId`), since only it knows when a delivery counts as handled.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { processedWebhooks } from '../db/schema';
import { AppError } from '../domain/errors';

export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

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

function secretKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  if (key.length === 0) throw new Error('the webhook secret is empty');
  return key;
}

/** The `v1,<base64>` signature a sender puts in `webhook-signature`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/**
 * Checks headers and signature against the raw body. Throws AppError('unauthorized') with a
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
    throw new AppError(
      'unauthorized',
      'webhook-id, webhook-timestamp and webhook-signature are all required',
    );
  }
  if (id.length > 256) throw new AppError('unauthorized', 'webhook-id is too long');
  if (!/^\d{1,12}$/.test(timestamp))
    throw new AppError('unauthorized', 'webhook-timestamp must be Unix seconds');
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > toleranceSeconds) {
    throw new AppError('unauthorized', 'webhook-timestamp is too far from the current time');
  }
  const expected = createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest();
  const matches = signature
    .split(' ')
    .slice(0, 16)
    .some((entry) => {
      const [version, value] = entry.split(',', 2);
      if (version !== 'v1' || !value) return false;
      const given = Buffer.from(value, 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  if (!matches) throw new AppError('unauthorized', 'the webhook signature does not match');
  return { id, timestamp: new Date(seconds * 1000) };
}

/** Whether a webhook id (with its provider prefix, e.g. `presend:`) was handled before. */
export async function webhookIdSeen(db: Db, key: string): Promise<boolean> {
  const rows = await db.all<{ one: number }>(
    sql`select 1 as one from ${processedWebhooks} where id = ${key}`,
  );
  return rows.length > 0;
}

/**
 * Records a handled webhook id; false when it was already recorded (a replay that raced the
 * first delivery). Ids with the same prefix received more than three tolerances ago are dropped
 * on the way: their timestamps (at most one tolerance ahead of receipt) would be refused
 * anyway, so the table stays small.
 */
export async function rememberWebhookId(db: Db, key: string, prefix: string, now: Date): Promise<boolean> {
  const inserted = await db
    .insert(processedWebhooks)
    .values({ id: key, receivedAt: now })
    .onConflictDoNothing()
    .returning({ id: processedWebhooks.id });
  const cutoff = now.getTime() - 3 * WEBHOOK_TOLERANCE_SECONDS * 1000;
  // [prefix, prefix with its last character bumped) is exactly the ids that start with prefix.
  const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  await db.run(
    sql`delete from ${processedWebhooks} where id >= ${prefix} and id < ${upper} and received_at < ${cutoff}`,
  );
  return inserted.length > 0;
}
