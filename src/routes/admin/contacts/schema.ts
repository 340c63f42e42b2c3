// Parameters and form bodies of the console's contact pages.
import { z } from '@hono/zod-openapi';
import { consoleForm } from '../../../console/routes';
import { staffChannels } from '../../../domain/staff-actions';
import { CONTACT_ID } from '../../../http/fields';

export const ContactIdParam = z.object({
  id: z
    .string()
    .regex(CONTACT_ID)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'c_0Tq3kF1a9XyZ' }),
});

export const SearchQuery = z.object({
  q: z.string().max(320).optional().openapi({ description: 'An exact address, in any spelling' }),
  lang: z.string().max(10).optional(),
});

export const SearchForm = consoleForm({ q: z.string().max(320).default('') });

/** `topic` is a topic key, or `*` for everything now and later. */
export const UnsubscribeForm = consoleForm({
  topic: z.string().min(1).max(64),
  channel: z.enum(staffChannels),
  note: z.string().trim().max(2000).optional(),
});

export const EraseForm = consoleForm({
  confirm: z.literal('erase'),
  notify: z.literal('yes').optional(),
});
