import { z } from '@hono/zod-openapi';
import { legalBases } from '../../db/schema';
import type { Topic } from '../../domain/topics';

/** A brand's key: the same shape as a topic's. */
export const BrandKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 lower-case letters, digits, - or _');

export const TopicKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 lower-case letters, digits, - or _')
  .openapi({ param: { name: 'key', in: 'path' }, example: 'newsletter' });

const text = z.string().trim().min(1).max(500);
const Localised = (what: string) =>
  z
    .object({ en: text.optional(), nl: text.optional(), fr: text.optional(), de: text.optional() })
    .strict()
    .refine((t) => Object.values(t).some((v) => v !== undefined), 'give the text in at least one language')
    .transform(
      (t) =>
        Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as Record<string, string>,
    )
    .openapi({
      description: `${what} per locale (en, nl, fr, de; at least one). A page in a language the topic lacks shows its brand's default language, then English.`,
      example: { en: 'News', nl: 'Nieuws', fr: 'Actualités', de: 'Neuigkeiten' },
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
    brand: BrandKey.optional().openapi({
      description:
        'The brand the topic is mailed under (PUT /v1/brands/{key}); `default` for a new topic, kept as it is when left out',
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
    brand: z.string(),
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
    brand: t.brand,
    archived: t.archivedAt !== null,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}
