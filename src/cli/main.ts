// The command line: `npm run cli -- <command>` or `npx mailprefs <command>`. Reads the same
// environment as the server (DATABASE_URL, or the embedded ./data/mailprefs.db by default),
// dispatches to one module per command, and turns errors into a message and an exit code:
// 1 for a refusal from the service, 2 for a wrongly called command.
import { ConfigError, parseConfig } from '../config';
import { CsvError } from '../domain/csv';
import { AppError } from '../domain/errors';
import { exportCommand, exportUsage } from './commands/export';
import { importCommand, importUsage } from './commands/import';
import { keysCommand, keysUsage } from './commands/keys';
import { linkCommand, linkUsage } from './commands/link';
import { retentionCommand, retentionUsage } from './commands/retention';
import { usersCommand, usersUsage } from './commands/users';
import { type CliIO, createCliIO, UsageError } from './io';

const commands: Record<string, (args: string[], io: CliIO) => Promise<void>> = {
  import: importCommand,
  export: exportCommand,
  keys: keysCommand,
  link: linkCommand,
  retention: retentionCommand,
  users: usersCommand,
};

const usage = `Usage: mailprefs <command>

  ${importUsage}
  ${exportUsage}
  ${keysUsage}
  ${linkUsage}
  ${retentionUsage}
  ${usersUsage}

Uses DATABASE_URL (and DATABASE_AUTH_TOKEN) when set, else the embedded ./data/mailprefs.db.
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`mailprefs: unknown command '${name}'\n\n${usage}`);
    return 2;
  }
  let io: ReturnType<typeof createCliIO> | undefined;
  try {
    io = createCliIO(parseConfig(process.env), {
      publicUrlConfigured: Boolean(process.env.PUBLIC_URL?.trim() || process.env.PORT?.trim()),
    });
    await command(args, io);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      process.stderr.write(`mailprefs ${name}: ${(err as Error).message}\n\n${usage}`);
      return 2;
    }
    if (err instanceof AppError || err instanceof ConfigError || err instanceof CsvError) {
      process.stderr.write(`mailprefs ${name}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    io?.close();
  }
}

function isParseArgsError(err: unknown): boolean {
  return err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
