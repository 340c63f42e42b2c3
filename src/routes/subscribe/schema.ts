// The public sign-up body, the same for JSON and for a plain HTML form post. Form fields
// arrive as strings: an empty optional field counts as absent, and topics may be repeated
// checkboxes, `topics[]`, or one comma-separated value.
import { z } from '@hono/zod-openapi';
import { supportedLocales } from '../../domain/locales';
import { MAX_TOPICS_PER_SIGNUP } from '../../domain/subscribe';
import { emailField, exactlyOne } from '../../http/fields';

const topicKey = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 lower-case letters, digits, - or _');

const topicList = z
  .union([z.array(z.string()), z.string().transform((s) => s.split(','))])
  .transform((list) => list.map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(topicKey).min(1, 'choose at least one topic').max(MAX_TOPICS_PER_SIGNUP))
  .openapi({
    description:
      'Topic keys; in a form, repeated fields or one comma-separated value. Named topics or topics[], not both',
  });

const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsAbsent, schema.optional());

export const SubscribeBody = exactlyOne(
  z.object({
    email: emailField.openapi({ example: 'jan@example.nl' }),
    topics: topicList.optional(),
    'topics[]': topicList.optional(),
    locale: optional(z.enum(supportedLocales)).openapi({ description: 'Language of the confirmation mail' }),
    source: optional(z.string().trim().min(1).max(200)).openapi({
      description: 'Which form this is, e.g. website-footer',
      example: 'website-footer',
    }),
    source_url: optional(z.url({ protocol: /^https?$/ }).max(2000)).openapi({
      description: 'The page the form is on; defaults to the Referer header',
    }),
    consent_text: optional(z.string().trim().max(10_000)).openapi({
      description: 'The exact wording shown next to the sign-up button; kept in the consent trail',
    }),
    website: z.string().max(2000).optional().openapi({
      description: 'Honeypot: render it hidden and leave it empty. A filled one is answered 202 and ignored.',
    }),
  }),
  // One list under either name: a form that sent both would have one of them ignored.
  ['topics', 'topics[]'],
  { neither: 'choose at least one topic', both: 'send the topics as topics or as topics[], not both' },
).openapi('SubscribeRequest');

export type SubscribeBody = z.infer<typeof SubscribeBody>;

export const Accepted = z
  .object({
    status: z.literal('accepted'),
    message: z.string(),
  })
  .openapi('SubscribeAccepted');

export const ACCEPTED_MESSAGE =
  'If the address can receive email from us, a confirmation link is on its way. Nothing is subscribed until it is confirmed.';
