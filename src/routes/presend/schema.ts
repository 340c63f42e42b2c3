import { z } from '@hono/zod-openapi';
import { MAX_PRESEND_RECIPIENTS, presendReasons } from '../../domain/presend';
import { exactlyOne } from '../../http/fields';

// Entries are plain strings: an address that is not valid gets an `invalid_email` verdict
// rather than failing the whole campaign. The length cap only bounds memory.
const Recipient = z.string().max(1000);

export const PresendRequest = exactlyOne(
  z
    .object({
      topic: z.string().min(1).max(64).openapi({ example: 'newsletter' }),
      recipients: z
        .array(Recipient)
        .min(1)
        .max(MAX_PRESEND_RECIPIENTS)
        .optional()
        .openapi({
          description: `1 to ${MAX_PRESEND_RECIPIENTS} addresses; answered in the same order. Send recipients or email, not both`,
        }),
      email: Recipient.optional().openapi({
        description: 'One address; the answer is one result object. Send recipients or email, not both',
      }),
    })
    .strict(),
  ['recipients', 'email'],
  {
    neither: 'send recipients (a list) or email (one address)',
    both: 'send either recipients (a list) or email (one address), not both',
  },
).openapi('PresendRequest', {
  example: { topic: 'newsletter', recipients: ['jan@example.nl', 'piet@example.be'] },
});

const verdictFields = {
  email: z.string().openapi({ description: 'The address exactly as sent' }),
  send: z.boolean(),
  reason: z.enum(presendReasons).optional().openapi({ description: 'Why not, when send is false' }),
  scope: z
    .enum(['topic', 'all'])
    .optional()
    .openapi({ description: 'Whether the refusal concerns this topic only or every topic' }),
};

export const Verdict = z.object(verdictFields).openapi('PresendVerdict');

export const PresendCounts = z
  .object({
    total: z.number().int(),
    send: z.number().int(),
    suppressed: z.number().int(),
    by_reason: z.partialRecord(z.enum(presendReasons), z.number().int()),
  })
  .openapi('PresendCounts');

export const PresendBatchResult = z
  .object({ topic: z.string(), results: z.array(Verdict), counts: PresendCounts })
  .openapi('PresendBatchResult');

export const PresendSingleResult = z
  .object({ topic: z.string(), ...verdictFields })
  .openapi('PresendSingleResult');

export const PresendStats = z
  .object({
    since: z.string(),
    calls: z.number().int(),
    recipients: z.number().int(),
    send: z.number().int(),
    suppressed: z.number().int(),
    by_reason: z.partialRecord(z.enum(presendReasons), z.number().int()),
    refused: z.number().int().openapi({ description: 'Calls refused for an unknown or archived topic' }),
    unavailable: z
      .number()
      .int()
      .openapi({ description: 'Calls answered 503 (database failed or too slow)' }),
  })
  .openapi('PresendStats');
