// The data requests register: staff record what a person asked for (by mail, phone, letter or a
// form), the register computes when the answer is due (working-days.ts), and completing a
// request does what mailprefs can do about it and tells the person so, in their language:
// access → the data document, erasure → the erasure, objection and withdrawal → an opt-out of
// everything; a rectification is done by staff elsewhere and only confirmed here.
//
// Completing sends the confirmation first and acts after, like the erasure receipt: the address
// is needed for the mail and is gone after an erasure. If the mail fails nothing is done; if the
// action fails after it, the request stays open and completing it again does it (the mail keeps
// its idempotency key, so it is not delivered twice). The address is dropped from the register
// on completion; its keyed hash stays.
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { randomId } from '../crypto/random';
import { dataRequests, type RequestChannel, type RequestStatus, type RequestType } from '../db/schema';
import { type AuditActor, recordAudit } from './audit';
import { findContactByEmail } from './contacts';
import { type Op, withTransaction } from './context';
import { normaliseEmail } from './email';
import { eraseContact } from './erasure';
import { AppError } from './errors';
import { exportOf } from './export';
import { isLocale, type Locale } from './locales';
import type { RequestOutcome, SentMail } from './mailer';
import { unsubscribeAll } from './preferences';
import { type DueRule, dueDate, utcDate } from './working-days';

export type DataRequest = typeof dataRequests.$inferSelect;

export interface NewDataRequest {
  email: string;
  type: RequestType;
  channel: RequestChannel;
  receivedAt: Date;
  note?: string;
  /** The language to answer in; else the contact's, else English. */
  locale?: Locale;
  actor: AuditActor;
  dueRule: DueRule;
}

// A little slack for clocks that disagree; a request from the future is a typing mistake.
const FUTURE_SLACK_MS = 5 * 60_000;

export async function createDataRequest({ ctx, input }: Op<NewDataRequest>): Promise<DataRequest> {
  const now = ctx.clock.now();
  if (input.receivedAt.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    throw new AppError('validation_failed', 'received_at: must not be in the future', [
      { field: 'received_at', message: 'must not be in the future' },
    ]);
  }
  const email = normaliseEmail(input.email);
  return withTransaction(ctx, async (tx) => {
    const [request] = await tx.db
      .insert(dataRequests)
      .values({
        id: randomId('dr_', 9),
        type: input.type,
        channel: input.channel,
        status: 'open',
        email,
        emailHash: tx.hasher.hash(email),
        locale: input.locale ?? null,
        receivedAt: input.receivedAt,
        dueDate: dueDate(input.receivedAt, input.dueRule),
        note: input.note ?? null,
        createdAt: now,
        createdByType: input.actor.type,
        createdBy: input.actor.id,
      })
      .returning();
    await recordAudit({
      ctx: tx,
      input: {
        actor: input.actor,
        action: 'request.created',
        subjectType: 'request',
        subjectId: request.id,
        details: { type: request.type, channel: request.channel, due_date: request.dueDate },
        at: now,
      },
    });
    return request;
  });
}

export const MAX_REQUEST_PAGE = 500;

/** Open requests by due date (the most urgent first); completed ones newest first. */
export async function listDataRequests({
  ctx,
  input,
}: Op<{ status?: RequestStatus; limit: number }>): Promise<DataRequest[]> {
  const where: SQL[] = [];
  if (input.status) where.push(eq(dataRequests.status, input.status));
  const order =
    input.status === 'open'
      ? [asc(dataRequests.dueDate), asc(dataRequests.receivedAt)]
      : [desc(dataRequests.receivedAt)];
  return ctx.db
    .select()
    .from(dataRequests)
    .where(and(...where))
    .orderBy(...order)
    .limit(Math.min(Math.max(1, input.limit), MAX_REQUEST_PAGE));
}

export async function findDataRequest({ ctx, input }: Op<{ id: string }>): Promise<DataRequest | undefined> {
  const [request] = await ctx.db.select().from(dataRequests).where(eq(dataRequests.id, input.id));
  return request;
}

/** Whether an open request is past its due date on the clock's (UTC) today. */
export function isOverdue(request: Pick<DataRequest, 'status' | 'dueDate'>, now: Date): boolean {
  return request.status === 'open' && request.dueDate < utcDate(now);
}

export interface CompleteInput {
  id: string;
  actor: AuditActor;
  /** Added to the request's note: what was done outside mailprefs (a rectification, say). */
  note?: string;
}

export async function completeDataRequest({ ctx, input }: Op<CompleteInput>): Promise<DataRequest> {
  const request = await findDataRequest({ ctx, input: { id: input.id } });
  if (!request) throw new AppError('not_found', 'data request not found');
  if (request.status !== 'open' || !request.email) {
    throw new AppError('conflict', 'this data request was completed already');
  }
  const email = request.email;
  const contact = await findContactByEmail({ ctx, input: { email } });
  const outcome = outcomeOf(request.type, contact !== undefined);
  const locale: Locale = isLocale(request.locale)
    ? request.locale
    : isLocale(contact?.locale)
      ? contact.locale
      : 'en';
  const dataDocument =
    outcome === 'exported' && contact ? await exportOf({ ctx, input: { contact } }) : undefined;

  let sent: SentMail;
  try {
    sent = await ctx.mailer.send({
      kind: 'request-completed',
      to: email,
      locale,
      requestId: request.id,
      requestType: request.type,
      outcome,
      receivedAt: request.receivedAt,
      dataDocument,
    });
  } catch {
    throw new AppError(
      'service_unavailable',
      'the confirmation mail could not be sent; nothing was done, please try again',
    );
  }

  return withTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const source = `request:${request.id}`;
    if (request.type === 'erasure') {
      await eraseContact({ ctx: tx, input: { email, suppressUnknown: true, notify: false, source } });
    } else if ((request.type === 'objection' || request.type === 'withdrawal') && contact) {
      await unsubscribeAll({
        ctx: tx,
        input: {
          contactId: contact.id,
          consent: {
            source: `request-${request.channel}`,
            note: `data request ${request.id} (${request.type})`,
            apiKeyId: input.actor.type === 'api_key' ? input.actor.id : null,
          },
        },
      });
    }
    const note =
      request.type === 'erasure' ? null : [request.note, input.note].filter(Boolean).join('\n') || null;
    const [done] = await tx.db
      .update(dataRequests)
      .set({
        status: 'completed',
        email: null,
        note,
        completedAt: now,
        completedByType: input.actor.type,
        completedBy: input.actor.id,
        outcome,
        confirmationId: sent.unsent ? null : sent.id,
      })
      .where(and(eq(dataRequests.id, request.id), eq(dataRequests.status, 'open')))
      .returning();
    if (!done) throw new AppError('conflict', 'this data request was completed already');
    await recordAudit({
      ctx: tx,
      input: {
        actor: input.actor,
        action: 'request.completed',
        subjectType: 'request',
        subjectId: request.id,
        details: { type: request.type, outcome, confirmation_sent: !sent.unsent },
        at: now,
      },
    });
    return done;
  });
}

function outcomeOf(type: RequestType, known: boolean): RequestOutcome {
  if (type === 'rectification') return 'rectified';
  if (!known) return 'nothing_held';
  if (type === 'access') return 'exported';
  if (type === 'erasure') return 'erased';
  return 'opted_out';
}
