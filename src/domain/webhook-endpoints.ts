// Webhook endpoints: where staff ask for events to be sent. The signing secret is shown once,
// when it is made, and stored only sealed (the SecretBox port); a rotation keeps the old secret
// signing alongside the new one for a day, so receivers can switch without losing a delivery.
// An endpoint that answers 410, or fails every delivery for five days, is disabled; its
// pending deliveries end as failed, retryable by hand once it is enabled again.
import { and, desc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import { randomId } from '../crypto/random';
import type { SecretBox } from '../crypto/secret-box';
import { eventDeliveries, type WebhookDisabledReason, webhookEndpoints } from '../db/schema';
import { DAY_MS } from './clock';
import { type DbOrTx, type DomainContext, type Op, withTransaction } from './context';
import { AppError, notFound } from './errors';
import type { SubscribableEventType } from './event-types';
import { recordEvent, scrubFinishedEvents } from './events';
import { drizzleRun } from './numbered-sql';
import { disableTarget } from './target-health';

/** How long the previous secret keeps signing after a rotation. */
export const PREVIOUS_SECRET_MS = DAY_MS;
/** An endpoint that has failed every attempt for this long is disabled. */

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

export interface WebhookContext extends DomainContext {
  /** Seals secrets at rest; absent when no encryption key is configured (a Worker without it). */
  secretBox?: SecretBox;
  /** Refuses a URL that is not https or resolves to a private address (AppError validation_failed). */
  checkTargetUrl(url: string): Promise<void>;
}

export interface EndpointInput {
  url: string;
  /** Omitted or null: every type, including types added later. */
  events?: SubscribableEventType[] | null;
  description?: string | null;
}

export interface EndpointChanges {
  url?: string;
  events?: SubscribableEventType[] | null;
  description?: string | null;
  enabled?: boolean;
}

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

const sealContext = (id: string) => `webhook:${id}`;

function requireBox(ctx: WebhookContext): SecretBox {
  if (!ctx.secretBox) {
    throw new AppError(
      'service_unavailable',
      'webhook secrets cannot be stored: set ENCRYPTION_KEY (32+ random characters)',
    );
  }
  return ctx.secretBox;
}

export async function createWebhookEndpoint({
  ctx,
  input,
}: Op<EndpointInput, WebhookContext>): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const box = requireBox(ctx);
  await ctx.checkTargetUrl(input.url);
  const id = randomId('we_', 12);
  const secret = newWebhookSecret();
  const now = ctx.clock.now();
  const [endpoint] = await ctx.db
    .insert(webhookEndpoints)
    .values({
      id,
      url: input.url,
      description: input.description ?? null,
      events: input.events ? [...new Set(input.events)] : null,
      enabled: true,
      secret: await box.seal(secret, sealContext(id)),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { endpoint, secret };
}

export async function listWebhookEndpoints({ ctx }: { ctx: DomainContext }): Promise<WebhookEndpoint[]> {
  return ctx.db
    .select()
    .from(webhookEndpoints)
    .orderBy(desc(webhookEndpoints.createdAt), webhookEndpoints.id);
}

export async function requireWebhookEndpoint({
  ctx,
  input: id,
}: Op<string, Pick<DomainContext, 'db'>>): Promise<WebhookEndpoint> {
  const [endpoint] = await ctx.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!endpoint) throw notFound('webhook endpoint');
  return endpoint;
}

export async function updateWebhookEndpoint({
  ctx,
  input: { id, changes },
}: Op<{ id: string; changes: EndpointChanges }, WebhookContext>): Promise<WebhookEndpoint> {
  if (changes.url !== undefined) await ctx.checkTargetUrl(changes.url);
  return withTransaction(ctx, async ({ db: tx }) => {
    const current = await requireWebhookEndpoint({ ctx: { db: tx }, input: id });
    const now = ctx.clock.now();
    const enabling = changes.enabled === true && !current.enabled;
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        ...(changes.url !== undefined ? { url: changes.url } : {}),
        ...(changes.events !== undefined
          ? { events: changes.events ? [...new Set(changes.events)] : null }
          : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(enabling ? { enabled: true, disabledAt: null, disabledReason: null, failingSince: null } : {}),
        updatedAt: now,
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (changes.enabled === false && current.enabled) return disableWebhookEndpoint(tx, id, 'staff', now);
    return updated;
  });
}

/** Removes the endpoint and its delivery records; events waiting only for it are scrubbed. */
export async function deleteWebhookEndpoint({
  ctx,
  input: id,
}: Op<string, DomainContext & Pick<WebhookContext, 'secretBox'>>): Promise<void> {
  await withTransaction(ctx, async ({ db: tx }) => {
    await requireWebhookEndpoint({ ctx: { db: tx }, input: id });
    const mine = and(eq(eventDeliveries.targetType, 'webhook'), eq(eventDeliveries.targetId, id));
    const events = await tx.selectDistinct({ id: eventDeliveries.eventId }).from(eventDeliveries).where(mine);
    await tx.run(sql`
      delete from delivery_attempts where delivery_id in (
        select id from event_deliveries where target_type = 'webhook' and target_id = ${id})`);
    await tx.delete(eventDeliveries).where(mine);
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    await scrubFinishedEvents(
      tx,
      events.map((e) => e.id),
      ctx.clock.now(),
    );
  });
  // An opened secret kept in memory does not outlive its endpoint.
  forgetSecrets(ctx.secretBox, id);
}

/** Drops an endpoint's opened secrets from a box that keeps them. */
export function forgetSecrets(box: SecretBox | undefined, id: string): void {
  box?.forget?.(sealContext(id));
}

/** Queues a `webhook.test` event for this endpoint alone, delivered like any other. */
export async function queueTestEvent({
  ctx,
  input: id,
}: Op<string>): Promise<{ eventId: number; deliveryId: number }> {
  return withTransaction(ctx, async ({ db: tx }) => {
    const endpoint = await requireWebhookEndpoint({ ctx: { db: tx }, input: id });
    if (!endpoint.enabled) throw new AppError('conflict', 'the endpoint is disabled; enable it first');
    const eventId = await recordEvent(
      tx,
      {
        type: 'webhook.test',
        at: ctx.clock.now(),
        data: { endpoint_id: id, message: 'A test event from mailprefs.' },
      },
      { only: { targetType: 'webhook', targetId: id } },
    );
    const [delivery] = await tx
      .select({ id: eventDeliveries.id })
      .from(eventDeliveries)
      .where(eq(eventDeliveries.eventId, eventId!));
    return { eventId: eventId!, deliveryId: delivery.id };
  });
}

/** A new secret; the previous one keeps signing for PREVIOUS_SECRET_MS. Returns the new secret. */
export async function rotateWebhookSecret({
  ctx,
  input: id,
}: Op<string, WebhookContext>): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const box = requireBox(ctx);
  const current = await requireWebhookEndpoint({ ctx, input: id });
  const secret = newWebhookSecret();
  const now = ctx.clock.now();
  const [endpoint] = await ctx.db
    .update(webhookEndpoints)
    .set({
      secret: await box.seal(secret, sealContext(id)),
      previousSecret: current.secret,
      previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_MS),
      updatedAt: now,
    })
    // Only if nobody rotated in between, so the secret shown is the one that signs.
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.secret, current.secret)))
    .returning();
  if (!endpoint) throw new AppError('conflict', 'the secret was rotated at the same time; try again');
  return { endpoint, secret };
}

/** The secrets that sign a delivery now: the current one, and the previous one for a day. */
export async function signingSecrets(
  box: SecretBox,
  endpoint: WebhookEndpoint,
  now: Date,
): Promise<string[]> {
  const secrets = [await box.open(endpoint.secret, sealContext(endpoint.id))];
  if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
    secrets.push(await box.open(endpoint.previousSecret, sealContext(endpoint.id)));
  }
  return secrets;
}

/** Stops sending to an endpoint (target-health.ts says what that ends); answers its row. */
export async function disableWebhookEndpoint(
  db: DbOrTx,
  id: string,
  reason: WebhookDisabledReason,
  now: Date,
): Promise<WebhookEndpoint> {
  await disableTarget(drizzleRun(db), 'webhook', id, reason, now);
  const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return endpoint;
}
