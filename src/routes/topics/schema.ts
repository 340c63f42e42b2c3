import { z } from '@hono/zod-openapi';
import { legalBases } from '../../db/schema';
import type { Topic } from '../../domain/topics';

export const TopicKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 lower-case letters, digits, - or _')
  .openapi({ param: { name: 'key', in: 'path' }, example: 'newsletter' });

const Localised = (what: string) =>
  z
    .object({ en: z.string().trim().min(1).max(500), nl: z.string().trim().min(1).max(500) })
    .catchall(z.string().trim().min(1).max(500))
    .openapi({
      description: `${what} per locale; en and nl are required`,
      example: { en: 'News', nl: 'Nieuws' },
    });

export const TopicInput = z
  .object({
    name: Localised('Name'),
    description: Localised('Description')
      .refine((d) => Object.values(d).every((s) => s.length <= 2000))
      .optional(),
    basis: z.enum(legalBases).openapi({
      description:
        'consent: mailed only to contacts who opted in. legitimate_interest: existing customers are mailed unless they opted out (soft opt-in).',
    }),
    archived: z.boolean().optional().openapi({ description: 'Archive instead of deleting' }),
    confirm_basis_change: z.boolean().optional().openapi({
      description:
        'Needed to change the basis of an existing topic (either direction): without it the change answers 409 conflict with `details.verdicts_changed`',
    }),
  })
  .strict()
  .openapi('TopicInput');

export const TopicOutput = z
  .object({
    key: z.string(),
    name: z.record(z.string(), z.string()),
    description: z.record(z.string(), z.string()).nullable(),
    basis: z.enum(legalBases),
    archived: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Topic');

export const TopicSaved = TopicOutput.extend({
  verdicts_changed: z.number().int().openapi({
    description:
      'How many contacts presend now answers differently for this topic (a basis change; otherwise 0)',
  }),
}).openapi('TopicSaved');

export function topicJson(t: Topic): z.infer<typeof TopicOutput> {
  return {
    key: t.key,
    name: t.name,
    description: t.description ?? null,
    basis: t.basis,
    archived: t.archivedAt !== null,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}
