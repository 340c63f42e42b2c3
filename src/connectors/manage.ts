// Creating and changing connectors: the tool checks its own settings and credentials, the
// api_base passes the same target rules as a webhook URL, and the credentials and the inbound
// secret are sealed before they are stored. A validation error names the field, never echoes
// a credential.

import type { ZodType } from 'zod';
import { randomId } from '../crypto/random';
import type { ConnectorType } from '../db/schema';
import { type Connector, findConnector, insertConnector, updateConnectorRow } from '../domain/connectors';
import type { DomainContext } from '../domain/context';
import { AppError } from '../domain/errors';
import { credentialsContext, inboundSecretContext, type OpenDeps, requireSecretBox } from './open';
import { toolFor } from './registry';

export interface ConnectorContext extends DomainContext, Omit<OpenDeps, 'db'> {
  checkTargetUrl(url: string): Promise<void>;
  publicUrl: string;
}

export interface ConnectorInput {
  type: ConnectorType;
  name: string;
  credentials: Record<string, unknown>;
  settings: Record<string, unknown>;
  api_base?: string | null;
  push_opt_ins?: boolean;
}

export interface ConnectorChanges {
  name?: string;
  credentials?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  api_base?: string | null;
  push_opt_ins?: boolean;
  enabled?: boolean;
}

/** The target rules for api_base, reported under its own name. */
async function checkApiBase(ctx: ConnectorContext, url: string): Promise<void> {
  try {
    await ctx.checkTargetUrl(url);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
    const reason = err.message.replace(/^url: /, '');
    throw new AppError('validation_failed', `api_base: ${reason}`, [{ field: 'api_base', message: reason }]);
  }
}

/** Parses with a tool's schema; the message names fields and rules, never the values given. */
function checked<T>(schema: ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({
    field: [field, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw new AppError('validation_failed', `${details[0].field}: ${details[0].message}`, details);
}

export async function createConnector(ctx: ConnectorContext, input: ConnectorInput) {
  const box = requireSecretBox(ctx.secretBox);
  const tool = toolFor(input.type);
  const settings = checked(tool.settings, input.settings, 'settings');
  const credentials = checked(tool.credentials, input.credentials, 'credentials');
  if (input.api_base) await checkApiBase(ctx, input.api_base);
  const id = randomId('con_', 12);
  const inboundSecret = randomId('', 24);
  const now = ctx.clock.now();
  const connector = await insertConnector(ctx.db, {
    id,
    type: input.type,
    name: input.name,
    credentials: await box.seal(JSON.stringify(credentials), credentialsContext(id)),
    settings: settings as Record<string, unknown>,
    apiBase: input.api_base ?? null,
    inboundSecret: await box.seal(inboundSecret, inboundSecretContext(id)),
    pushOptIns: input.push_opt_ins ?? false,
    enabled: true,
    createdAt: now,
    updatedAt: now,
  });
  return connector;
}

export async function updateConnector(ctx: ConnectorContext, id: string, changes: ConnectorChanges) {
  const current = await findConnector(ctx.db, id);
  if (!current) throw new AppError('not_found', 'connector not found');
  const tool = toolFor(current.type);
  const row: Parameters<typeof updateConnectorRow>[2] = {};
  if (changes.name !== undefined) row.name = changes.name;
  if (changes.settings !== undefined) {
    row.settings = checked(tool.settings, changes.settings, 'settings') as Record<string, unknown>;
  }
  if (changes.credentials !== undefined) {
    const box = requireSecretBox(ctx.secretBox);
    const credentials = checked(tool.credentials, changes.credentials, 'credentials');
    row.credentials = await box.seal(JSON.stringify(credentials), credentialsContext(id));
  }
  if (changes.api_base !== undefined) {
    if (changes.api_base) await checkApiBase(ctx, changes.api_base);
    row.apiBase = changes.api_base;
  }
  if (changes.push_opt_ins !== undefined) row.pushOptIns = changes.push_opt_ins;
  if (changes.enabled !== undefined) row.enabled = changes.enabled;
  return updateConnectorRow(ctx, id, row);
}

/** `…/webhooks/connectors/{id}/{secret}`: where the tool sends its own opt-outs. */
export async function inboundUrl(
  ctx: Pick<ConnectorContext, 'secretBox' | 'publicUrl'>,
  c: Connector,
): Promise<string> {
  const box = requireSecretBox(ctx.secretBox);
  const secret = await box.open(c.inboundSecret, inboundSecretContext(c.id));
  return `${ctx.publicUrl}/webhooks/connectors/${c.id}/${secret}`;
}
