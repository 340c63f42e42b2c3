import { z } from '@hono/zod-openapi';
import { auditActorTypes } from '../../db/schema';
import { type AuditEvent, MAX_AUDIT_PAGE } from '../../domain/audit';

export const AuditQuery = z.object({
  subject_type: z.string().min(1).max(64).optional().openapi({ example: 'topic' }),
  subject_id: z.string().min(1).max(200).optional().openapi({ example: 'newsletter' }),
  action: z.string().min(1).max(100).optional().openapi({ example: 'topic.basis_changed' }),
  before: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ description: 'Only entries older than this id: the `next_before` of the previous page' }),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
});

export const AuditEventOutput = z
  .object({
    id: z.number().int(),
    occurred_at: z.string(),
    actor_type: z.enum(auditActorTypes),
    actor_id: z
      .string()
      .nullable()
      .openapi({ description: 'The API key id; null for the CLI and the system' }),
    action: z.string().openapi({ example: 'topic.basis_changed' }),
    subject_type: z.string(),
    subject_id: z.string().nullable(),
    details: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({
        description: 'What changed, from what to what',
        example: { from: 'consent', to: 'legitimate_interest', verdicts_changed: 120 },
      }),
  })
  .openapi('AuditEvent');

export const AuditPage = z
  .object({
    events: z.array(AuditEventOutput).openapi({ description: 'Newest first' }),
    next_before: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Pass as `before` for the next page; null on the last page' }),
  })
  .openapi('AuditPage');

export function auditEventJson(e: AuditEvent): z.infer<typeof AuditEventOutput> {
  return {
    id: e.id,
    occurred_at: e.occurredAt.toISOString(),
    actor_type: e.actorType,
    actor_id: e.actorId,
    action: e.action,
    subject_type: e.subjectType,
    subject_id: e.subjectId,
    details: e.details ?? null,
  };
}
