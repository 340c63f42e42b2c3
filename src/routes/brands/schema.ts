import { z } from '@hono/zod-openapi';
import type { Brand } from '../../domain/brands';
import { contrastOnWhiteText, MIN_CONTRAST } from '../../domain/contrast';
import { supportedLocales } from '../../domain/locales';
import { BrandKey } from '../topics/schema';

export const BrandKeyParam = z.object({
  key: BrandKey.openapi({ param: { name: 'key', in: 'path' }, example: 'itcare' }),
});

const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);
const mailFrom = z
  .string()
  .trim()
  .max(300)
  .regex(
    /^([^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
    'must be an address, or a name and an address: Example BV <news@example.com>',
  );

export const BrandInput = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: 'ITcare' }),
    website_url: httpUrl.openapi({
      description: 'End pages link back here',
      example: 'https://www.itcare.be',
    }),
    public_url: z
      .string()
      .regex(
        /^https?:\/\/[^/?#@\s]+\/?$/,
        'must be an origin like https://prefs.itcare.be (scheme and host, no path)',
      )
      .transform((u) => new URL(u).origin)
      .optional()
      .openapi({
        description:
          "The origin this brand's pages are served on; `/p` on that host is this brand's. Point its DNS at this service.",
        example: 'https://prefs.itcare.be',
      }),
    logo_url: httpUrl
      .optional()
      .openapi({ description: 'An https image; the pages allow its origin for images' }),
    accent: z
      .string()
      .optional()
      .openapi({
        description: `Buttons and links, as #rrggbb. White button text must reach ${MIN_CONTRAST}:1 contrast on it (WCAG 2.2 AA), else 400 naming accent.`,
        example: '#0f5f8a',
      }),
    mail_from: mailFrom.optional().openapi({
      description: "Sender of this brand's mail; MAIL_FROM when left out",
      example: 'ITcare <news@itcare.be>',
    }),
    privacy_policy_url: httpUrl.optional(),
    privacy_contact: z.email().max(254).optional(),
    default_locale: z.enum(supportedLocales).optional().openapi({
      description: 'The language topic texts fall back to when a page language is missing (then English)',
    }),
  })
  .strict()
  .openapi('BrandInput');

export const BrandOutput = z
  .object({
    key: z.string(),
    name: z.string(),
    website_url: z.string().nullable(),
    public_url: z.string().nullable(),
    logo_url: z.string().nullable(),
    accent: z.string(),
    accent_contrast: z.number().openapi({
      description: 'Measured contrast of white text on the accent (x:1, rounded down); 4.5 is the minimum',
      example: 6.7,
    }),
    mail_from: z.string().nullable(),
    privacy_policy_url: z.string().nullable(),
    privacy_contact: z.string().nullable(),
    default_locale: z.enum(supportedLocales),
    from_environment: z.boolean().openapi({
      description: 'The default brand as the BRAND_* settings give it (none stored under `default`)',
    }),
  })
  .openapi('Brand');

export function brandJson(b: Brand, fromEnvironment = false): z.infer<typeof BrandOutput> {
  return {
    key: b.key,
    name: b.name,
    website_url: b.websiteUrl,
    public_url: b.publicUrl,
    logo_url: b.logoUrl,
    accent: b.accent,
    accent_contrast: contrastOnWhiteText(b.accent),
    mail_from: b.mailFrom,
    privacy_policy_url: b.privacyPolicyUrl,
    privacy_contact: b.privacyContact,
    default_locale: b.defaultLocale,
    from_environment: fromEnvironment,
  };
}
