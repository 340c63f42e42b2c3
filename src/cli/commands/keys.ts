// `mailprefs keys create|list|revoke`: API keys from the command line, for the first admin key
// of a fresh install and for recovering a lost one. A new secret is printed once.
import { parseArgs } from 'node:util';
import { type ApiKeyScope, apiKeyScopes } from '../../db/schema';
import { domainContext } from '../../deps';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/api-keys';
import { type CliIO, UsageError, write } from '../io';

export const keysUsage = [
  'keys create --name <text> --scope admin|presend|links [--scope …]',
  'keys list',
  'keys revoke <key id>',
].join('\n  ');

export async function keysCommand(args: string[], io: CliIO): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'create') return create(rest, io);
  if (sub === 'list') return list(rest, io);
  if (sub === 'revoke') return revoke(rest, io);
  throw new UsageError(sub ? `unknown keys command: ${sub}` : 'say create, list or revoke');
}

async function create(args: string[], io: CliIO) {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, scope: { type: 'string', multiple: true } },
  });
  const name = values.name?.trim();
  if (!name || name.length > 100) throw new UsageError('--name is required (at most 100 characters)');
  const scopes = values.scope ?? [];
  if (scopes.length === 0) throw new UsageError('give at least one --scope');
  const unknown = scopes.filter((s) => !(apiKeyScopes as readonly string[]).includes(s));
  if (unknown.length)
    throw new UsageError(`unknown scope: ${unknown.join(', ')} (use ${apiKeyScopes.join(', ')})`);

  const { key, secret } = await createApiKey({
    ctx: domainContext(await io.deps()),
    input: { name, scopes: scopes as ApiKeyScope[] },
  });
  await write(
    io.stdout,
    [
      `Created API key ${key.id} "${key.name}" (scopes: ${key.scopes.join(', ')}).`,
      'The secret is shown this once; only its hash is stored:',
      '',
      `    ${secret}`,
      '',
      'Use it as "Authorization: Bearer <secret>".',
      '',
    ].join('\n'),
  );
}

async function list(args: string[], io: CliIO) {
  if (args.length) throw new UsageError(`unexpected argument: ${args[0]}`);
  const keys = await listApiKeys({ ctx: domainContext(await io.deps()) });
  if (keys.length === 0) return write(io.stdout, 'No API keys.\n');
  const rows = [
    ['ID', 'NAME', 'PREFIX', 'SCOPES', 'CREATED', 'LAST USED', 'REVOKED'],
    ...keys.map((k) => [
      k.id,
      k.name,
      k.prefix,
      k.scopes.join(','),
      k.createdAt.toISOString(),
      k.lastUsedAt?.toISOString() ?? '-',
      k.revokedAt?.toISOString() ?? '-',
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  await write(
    io.stdout,
    rows
      .map(
        (r) =>
          `${r
            .map((c, i) => c.padEnd(widths[i]))
            .join('  ')
            .trimEnd()}\n`,
      )
      .join(''),
  );
}

async function revoke(args: string[], io: CliIO) {
  const [id, ...extra] = args;
  if (!id || extra.length) throw new UsageError('give the id of the key to revoke (see `keys list`)');
  const key = await revokeApiKey({ ctx: domainContext(await io.deps()), input: { id } });
  await write(io.stdout, `Revoked API key ${key.id} "${key.name}".\n`);
}
