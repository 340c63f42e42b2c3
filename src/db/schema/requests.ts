// The data requests register: what people asked for by mail, phone, letter or form (access,
// erasure, objection, rectification, withdrawal of consent), when it arrived, when it is due and
// who answered it. The address is kept only while a request is open, since answering needs it;
// completing a request replaces it by its keyed hash (the suppression list's), so the register
// still proves the answer and finds a person's requests by address, without holding the address.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { auditActorTypes } from './audit';

export const requestTypes = ['access', 'erasure', 'objection', 'rectification', 'withdrawal'] as const;
export type RequestType = (typeof requestTypes)[number];

export const requestChannels = ['email', 'phone', 'letter', 'form'] as const;
export type RequestChannel = (typeof requestChannels)[number];

export const requestStatuses = ['open', 'completed'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export const dataRequests = sqliteTable(
  'data_requests',
  {
    id: text('id').primaryKey(),
    type: text('type', { enum: requestTypes }).notNull(),
    channel: text('channel', { enum: requestChannels }).notNull(),
    status: text('status', { enum: requestStatuses }).notNull(),
    // Canonical address while open; null once completed (email_hash stays).
    email: text('email'),
    emailHash: text('email_hash').notNull(),
    // The language of the confirmation mail: given with the request, else the contact's.
    locale: text('locale'),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    // The last day (YYYY-MM-DD, UTC) on which the answer is in time.
    dueDate: text('due_date').notNull(),
    // Staff's words; cleared when an erasure is completed, since it may describe the person.
    note: text('note'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    createdByType: text('created_by_type', { enum: auditActorTypes }).notNull(),
    createdBy: text('created_by'),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
    completedByType: text('completed_by_type', { enum: auditActorTypes }),
    completedBy: text('completed_by'),
    // What completing it did, in words without personal data: `exported`, `erased`, `opted_out`, …
    outcome: text('outcome'),
    // The confirmation mail's message id; null when none could be delivered (no mail service).
    confirmationId: text('confirmation_id'),
  },
  (t) => [
    index('data_requests_open_due_idx').on(t.status, t.dueDate),
    index('data_requests_hash_idx').on(t.emailHash),
  ],
);
