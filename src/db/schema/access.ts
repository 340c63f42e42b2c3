// API keys for staff and mailing tools. Only a SHA-256 of the secret is stored: the secrets
// are long random strings, so a fast hash is enough and lookups stay one indexed query.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const apiKeyScopes = ['admin', 'presend', 'links'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  // The first characters of the secret, shown in listings so people can tell keys apart.
  prefix: text('prefix').notNull(),
  secretHash: text('secret_hash').notNull().unique(),
  scopes: text('scopes', { mode: 'json' }).$type<ApiKeyScope[]>().notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
  revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
});
