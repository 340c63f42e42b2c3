// Request schemas for the preference pages. Form fields a browser may repeat (ticked topics,
// shown topics) arrive as one string or a list; they are normalised to a list here.
import { z } from '@hono/zod-openapi';

const MAX_TOPICS = 500;

const repeated = (description: string) =>
  z
    .union([z.string().max(64), z.array(z.string().max(64)).max(MAX_TOPICS)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .openapi({ description });

export const TokenParam = z.object({
  token: z
    .string()
    .min(1)
    .max(1024)
    .openapi({ param: { name: 'token', in: 'path' }, description: 'A signed preference link token' }),
});

export const LangQuery = z.object({
  lang: z.string().max(16).optional().openapi({
    description:
      'Page language (en, nl, fr, de), as the language switch sets it; it becomes the contact’s language once they save or act. Unknown values are ignored',
  }),
});

/** `/p` also takes the brand to ask at, when its host is not the brand's own `public_url`. */
export const RequestLinkQuery = LangQuery.extend({
  brand: z.string().max(64).optional().openapi({
    description: 'The brand (key) whose link to mail; else the brand whose public_url is the host',
  }),
});

export const PreferencesForm = z
  .object({
    form_token: z.string().min(1).max(1024).openapi({ description: 'The signed form token from the page' }),
    action: z.enum(['save', 'unsubscribe-all', 'unsubscribe-every-brand', 'pause', 'resume']).default('save'),
    months: z
      .string()
      .max(8)
      .optional()
      .openapi({ description: 'With action=pause: how many months to pause all mail (1, 3 or 6)' }),
    topic: repeated('Keys of the ticked topics; an unticked topic on the page means "unsubscribed"'),
    shown: repeated('Keys of the topics the page showed; only these change'),
  })
  .openapi('PreferencesForm');

export const RequestLinkForm = z
  .object({
    // Checked by the handler, so a typo re-renders the page instead of answering in JSON.
    email: z.string().max(1000).default(''),
  })
  .openapi('RequestLinkForm');

const formToken = z.string().min(1).max(1024).openapi({ description: 'The signed form token from the page' });

export const YourDataForm = z.object({ form_token: formToken }).openapi('YourDataForm');

export const DeleteConfirmForm = z
  .object({
    form_token: formToken.openapi({ description: 'The form token from the confirmation page' }),
    confirm: z
      .literal('delete')
      .openapi({ description: 'The confirmation button; nothing is deleted without it' }),
  })
  .openapi('DeleteConfirmForm');
