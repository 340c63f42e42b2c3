import { z } from '@hono/zod-openapi';
import { emailField } from '../../http/fields';
import type { RecipientLinks } from '../../links/urls';
import { Locale } from '../contacts/schema';
import { BrandKey, TopicKey } from '../topics/schema';

const LinkBrand = BrandKey.optional().openapi({
  description:
    'For `"topic": null`: the brand whose "everything" the link unsubscribes from and whose preference center it opens (default `default`). A topic link takes its topic\'s brand; naming another is refused.',
  example: 'itcare',
});

export const MAX_BATCH = 10_000;

const LinkTopic = TopicKey.nullable().openapi({
  description: 'The topic the unsubscribe link is for; null makes an "unsubscribe from everything" link',
  example: 'newsletter',
});

// The campaign travels inside the token, so it is kept short: every character lengthens the URL.
// Control characters (Unicode Cc: C0, DEL and C1) are spelled as ranges, without the u flag, so
// the pattern /openapi.json publishes means the same to every ECMA-262 or JSON Schema engine.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL_FREE = /^[^\u0000-\u001f\u007f-\u009f]+$/;
const Campaign = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(CONTROL_FREE, 'must not contain control characters')
  .openapi({
    description: 'Recorded in the consent trail when the recipient unsubscribes',
    example: '2026-02',
  });

export const LinkRequest = z
  .object({
    email: emailField.openapi({ example: 'jan@example.nl' }),
    topic: LinkTopic,
    brand: LinkBrand,
    campaign: Campaign.optional(),
    locale: Locale.optional().openapi({ description: 'Stored on the contact; the pages use it' }),
  })
  .strict()
  .openapi('LinkRequest');

export const LinkBatchRequest = z
  .object({
    topic: LinkTopic,
    brand: LinkBrand,
    campaign: Campaign.optional(),
    recipients: z
      .array(z.object({ email: emailField, locale: Locale.optional() }).strict())
      .min(1)
      .max(MAX_BATCH)
      .openapi({ description: `1 to ${MAX_BATCH} recipients; the answer keeps their order` }),
  })
  .strict()
  .openapi('LinkBatchRequest');

export const LinkOutput = z
  .object({
    contact_id: z.string().openapi({ description: 'Opaque id; what the sender-side helper signs' }),
    unsubscribe_url: z.string(),
    preferences_url: z.string(),
    headers: z.object({
      'List-Unsubscribe': z.string().openapi({ example: '<https://prefs.example.com/u/eyJ…>' }),
      'List-Unsubscribe-Post': z.literal('List-Unsubscribe=One-Click'),
    }),
  })
  .openapi('Links');

// An erased address gets no link: issuing one would store the address again.
const SuppressedRecipient = z
  .object({ email: z.string(), suppressed: z.literal(true), reason: z.enum(['erased']) })
  .openapi('SuppressedRecipient');

export const LinkBatchOutput = z
  .object({ links: z.array(z.union([LinkOutput.extend({ email: z.string() }), SuppressedRecipient])) })
  .openapi('LinkBatch');

export function linkJson(contactId: string, links: RecipientLinks): z.infer<typeof LinkOutput> {
  return {
    contact_id: contactId,
    unsubscribe_url: links.unsubscribeUrl,
    preferences_url: links.preferencesUrl,
    headers: links.headers,
  };
}
