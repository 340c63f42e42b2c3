import { z } from '@hono/zod-openapi';
import { apiKeyScopes } from '../../db/schema';
import type { PublicApiKey } from '../../domain/api-keys';

export const KeyInput = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: 'Mailchimp presend' }),
    scopes: z.array(z.enum(apiKeyScopes)).min(1).max(apiKeyScopes.length),
  })
  .strict()
  .openapi('ApiKeyInput');

export const KeyOutput = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The first characters of the secret, to tell keys apart' }),
    scopes: z.array(z.enum(apiKeyScopes)),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi('ApiKey');

export const KeyWithSecret = KeyOutput.extend({
  secret: z.string().openapi({ description: 'Shown once; only a hash is stored' }),
}).openapi('ApiKeyWithSecret');

export function keyJson(k: PublicApiKey): z.infer<typeof KeyOutput> {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    created_at: k.createdAt.toISOString(),
    last_used_at: k.lastUsedAt?.toISOString() ?? null,
    revoked_at: k.revokedAt?.toISOString() ?? null,
  };
}
