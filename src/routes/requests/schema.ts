import { z } from '@hono/zod-openapi';
import { requestChannels, requestStatuses, requestTypes } from '../../db/schema';
import { type DataRequest, isOverdue, MAX_REQUEST_PAGE } from '../../domain/data-requests';
import { emailField } from '../../http/fields';
import { Locale } from '../contacts/schema';

export const RequestInput = z
  .object({
    email: emailField.openapi({ example: 'jan@example.nl' }),
    type: z.enum(requestTypes).openapi({
      description:
        'access (Art. 15), erasure (Art. 17), objection to direct marketing (Art. 21), rectification (Art. 16) or withdrawal of consent (Art. 7(3))',
    }),
    channel: z.enum(requestChannels).openapi({ description: 'How the request arrived' }),
    received_at: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .openapi({ description: 'When it arrived; not in the future', example: '2026-12-04T10:30:00Z' }),
    note: z.string().trim().max(2000).optional().openapi({ example: 'Phoned the help desk' }),
    locale: Locale.optional().openapi({
      description: "Language of the confirmation mail; default the contact's, else en",
    }),
  })
  .strict()
  .openapi('DataRequestInput');

export const CompleteInput = z
  .object({
    note: z.string().trim().max(2000).optional().openapi({
      description: 'What was done outside mailprefs, such as the correction of a rectification',
    }),
  })
  .strict()
  .openapi('DataRequestCompletion');

export const RequestOutput = z
  .object({
    id: z.string().openapi({ example: 'dr_3kTn9QpX2mLs' }),
    type: z.enum(requestTypes),
    channel: z.enum(requestChannels),
    status: z.enum(requestStatuses),
    email: z
      .string()
      .nullable()
      .openapi({ description: 'The address while the request is open; null once completed' }),
    locale: z.string().nullable(),
    received_at: z.string(),
    due_at: z.string().openapi({
      format: 'date',
      description:
        'The last day (UTC) of the answer period: received + REQUEST_DUE_WORKING_DAYS working days',
      example: '2026-12-11',
    }),
    overdue: z.boolean(),
    note: z.string().nullable(),
    created_at: z.string(),
    completed_at: z.string().nullable(),
    completed_by: z
      .object({ type: z.string(), id: z.string().nullable() })
      .nullable()
      .openapi({ description: 'Who completed it: an API key or a staff user' }),
    outcome: z
      .enum(['exported', 'erased', 'opted_out', 'rectified', 'nothing_held'])
      .nullable()
      .openapi({ description: 'What completing it did' }),
    confirmation_sent: z
      .boolean()
      .nullable()
      .openapi({ description: 'Whether the confirmation mail was delivered to the mail service' }),
  })
  .openapi('DataRequest');

export const RequestList = z.object({ requests: z.array(RequestOutput) }).openapi('DataRequestList');

export const RequestListQuery = z.object({
  status: z.enum(requestStatuses).optional().openapi({ example: 'open' }),
  limit: z.coerce.number().int().min(1).max(MAX_REQUEST_PAGE).default(100),
});

export const RequestIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'dr_3kTn9QpX2mLs' }),
});

export function requestJson(r: DataRequest, now: Date): z.infer<typeof RequestOutput> {
  return {
    id: r.id,
    type: r.type,
    channel: r.channel,
    status: r.status,
    email: r.email,
    locale: r.locale,
    received_at: r.receivedAt.toISOString(),
    due_at: r.dueDate,
    overdue: isOverdue(r, now),
    note: r.note,
    created_at: r.createdAt.toISOString(),
    completed_at: r.completedAt?.toISOString() ?? null,
    completed_by: r.completedByType ? { type: r.completedByType, id: r.completedBy } : null,
    outcome: (r.outcome as z.infer<typeof RequestOutput>['outcome']) ?? null,
    confirmation_sent: r.status === 'completed' ? r.confirmationId !== null : null,
  };
}
