// `mailprefs users create|list|disable|reset-password`: console accounts. The first admin of a
// fresh install is made here. A generated password is printed once; `--password-stdin` takes
// one from stdin instead (a password on the command line would stay in the shell's history).
import { parseArgs } from 'node:util';
import { type StaffRole, staffRoles } from '../../db/schema';
import { domainContext } from '../../deps';
import type { AuditActor } from '../../domain/audit';
import {
  createStaffUser,
  disableStaffUser,
  listStaffUsers,
  resetStaffPassword,
} from '../../domain/staff-users';
import { type CliIO, UsageError, write } from '../io';

export const usersUsage = [
  'users create --email <address> --role admin|staff [--password-stdin]',
  'users list',
  'users disable --email <address>',
  'users reset-password --email <address> [--password-stdin]',
].join('\n  ');

const cli: AuditActor = { type: 'cli', id: null };

export async function usersCommand(args: string[], io: CliIO): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'create') return create(rest, io);
  if (sub === 'list') return list(rest, io);
  if (sub === 'disable') return disable(rest, io);
  if (sub === 'reset-password') return resetPassword(rest, io);
  throw new UsageError(sub ? `unknown users command: ${sub}` : 'say create, list, disable or reset-password');
}

function emailOf(values: { email?: string }): string {
  const email = values.email?.trim();
  if (!email) throw new UsageError('--email is required');
  return email;
}

/** The password on stdin, without the line end `echo` or a password manager adds. */
async function readPassword(io: CliIO): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

async function create(args: string[], io: CliIO) {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  const email = emailOf(values);
  const role = values.role as StaffRole | undefined;
  if (!role || !staffRoles.includes(role)) throw new UsageError(`--role must be ${staffRoles.join(' or ')}`);
  const password = values['password-stdin'] ? await readPassword(io) : undefined;
  const { user, generatedPassword } = await createStaffUser({
    ctx: domainContext(await io.deps()),
    input: { email, role, password, actor: cli },
  });
  const lines = [`Created ${user.role} account ${user.id} for ${user.email}.`];
  if (generatedPassword) lines.push('Its password is shown this once:', '', `    ${generatedPassword}`, '');
  lines.push(`Sign in at ${io.config.publicUrl}/admin/login`, '');
  await write(io.stdout, lines.join('\n'));
}

async function list(args: string[], io: CliIO) {
  if (args.length) throw new UsageError(`unexpected argument: ${args[0]}`);
  const users = await listStaffUsers({ ctx: domainContext(await io.deps()), input: undefined });
  if (users.length === 0) return write(io.stdout, 'No console accounts.\n');
  const rows = [
    ['ID', 'EMAIL', 'ROLE', 'CREATED', 'DISABLED'],
    ...users.map((u) => [
      u.id,
      u.email,
      u.role,
      u.createdAt.toISOString(),
      u.disabledAt ? u.disabledAt.toISOString() : '-',
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  await write(
    io.stdout,
    `${rows
      .map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n')}\n`,
  );
}

async function disable(args: string[], io: CliIO) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } } });
  const { user, changed } = await disableStaffUser({
    ctx: domainContext(await io.deps()),
    input: { email: emailOf(values), actor: cli },
  });
  await write(
    io.stdout,
    changed ? `Disabled ${user.email}; its sessions have ended.\n` : `${user.email} was already disabled.\n`,
  );
}

async function resetPassword(args: string[], io: CliIO) {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  const password = values['password-stdin'] ? await readPassword(io) : undefined;
  const { user, generatedPassword } = await resetStaffPassword({
    ctx: domainContext(await io.deps()),
    input: { email: emailOf(values), password, actor: cli },
  });
  const lines = [`New password set for ${user.email}; its sessions have ended.`];
  if (generatedPassword) lines.push('The password is shown this once:', '', `    ${generatedPassword}`);
  await write(io.stdout, `${lines.join('\n')}\n`);
}
