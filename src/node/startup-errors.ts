// Start-up failures that a setting explains, in words that name the setting: a database that
// cannot be opened, reached or logged into, a port that is taken. Anything else (a bug) is
// left alone, so its stack trace is still printed.
import { ConfigError } from '../config';
import { isDatabaseOutage } from '../db/errors';
import { embeddedPath } from '../db/node';

/** A ConfigError for a failure to open or migrate the database at `url`, or undefined for a bug. */
export function databaseStartupError(err: unknown, url: string): ConfigError | undefined {
  if (err instanceof ConfigError) return err;
  const path = embeddedPath(url);
  const codes = errorCodes(err);
  const has = (re: RegExp) => codes.some((c) => re.test(c));
  const where = path ? `the database file ${path}` : 'the database';
  if (has(/^(URL_INVALID|URL_SCHEME_NOT_SUPPORTED|ERR_INVALID_URL)$/)) {
    return new ConfigError(`DATABASE_URL: not a libSQL URL the client can open (${messageOf(err)})`);
  }
  if (!path && (has(/^(UNAUTHORIZED|FORBIDDEN)$/) || /HTTP status 40[13]\b/.test(messageChain(err)))) {
    return new ConfigError('DATABASE_AUTH_TOKEN: the database refused it; set the token it was issued with');
  }
  if (path && has(/^(EACCES|EPERM|ENOTDIR|EEXIST|EROFS|ENOENT|ELOOP)$/)) {
    return new ConfigError(`DATABASE_URL: cannot create ${where} (${codes.find((c) => /^E/.test(c))})`);
  }
  if (has(/^SQLITE_NOTADB/)) return new ConfigError(`DATABASE_URL: ${where} is not a database`);
  if (path && (has(/^SQLITE_(CANTOPEN|PERM|READONLY|AUTH)/) || /ConnectionFailed/.test(messageOf(err)))) {
    return new ConfigError(`DATABASE_URL: cannot open ${where} for writing`);
  }
  if (isDatabaseOutage(err) || /fetch failed/.test(messageChain(err))) {
    const cause = codes.find((c) => /^(E[A-Z]+|UND_ERR_|SQLITE_|SERVER_ERROR)/.test(c));
    return new ConfigError(
      `DATABASE_URL: cannot reach ${where}${cause ? ` (${cause})` : ''}; is it running?`,
    );
  }
  return undefined;
}

/** The `code` of an error and of each of its causes. */
function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (let link: unknown = err, depth = 0; link && depth < 8; depth++) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    link = link instanceof Error ? link.cause : undefined;
  }
  return codes;
}

// The first line only: a failed query's message goes on with its SQL and parameters.
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];

function messageChain(err: unknown): string {
  const parts: string[] = [];
  for (let link: unknown = err, depth = 0; link && depth < 8; depth++) {
    parts.push(messageOf(link));
    link = link instanceof Error ? link.cause : undefined;
  }
  return parts.join(' / ');
}

/** A ConfigError for a server that cannot listen where PORT and HOST say, or undefined. */
export function listenStartupError(
  err: unknown,
  at: { port: number; host?: string },
): ConfigError | undefined {
  switch ((err as { code?: unknown })?.code) {
    case 'EADDRINUSE':
      return new ConfigError(`PORT: ${at.port} is already in use; stop what uses it, or set another PORT`);
    case 'EACCES':
      return new ConfigError(`PORT: this process may not listen on ${at.port}; set a PORT above 1023`);
    case 'EADDRNOTAVAIL':
      return new ConfigError(`HOST: ${at.host} is not an address of this machine`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConfigError(`HOST: ${at.host} cannot be resolved to an address`);
    default:
      return undefined;
  }
}
