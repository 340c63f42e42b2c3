// Database failures, for the error handler: an outage (retry later, 503) told apart from a bug
// (500, never disguised as an outage), and errors described for the log without the query's
// parameters (they can hold addresses). Presend refuses on any failure (fail-closed.ts).
import { DrizzleQueryError } from 'drizzle-orm/errors';

// SQLite result codes (and their extended forms, e.g. SQLITE_IOERR_READ) that mean the
// database could not be used, not that the statement was wrong. READONLY is a file (or
// mount) that takes no writes: the operator's to fix, and retrying later is right.
const SQLITE_OUTAGE = /^SQLITE_(BUSY|LOCKED|IOERR|CORRUPT|NOTADB|CANTOPEN|FULL|PROTOCOL|NOMEM|READONLY)/;
// @libsql/client's codes for a remote server that failed or could not be talked to.
const REMOTE_OUTAGE = new Set([
  'SERVER_ERROR',
  'HRANA_WEBSOCKET_ERROR',
  'HRANA_CLOSED_ERROR',
  'STREAM_EXPIRED',
]);
// Connection failures underneath `fetch failed` (Node's and undici's codes).
const NETWORK_OUTAGE =
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|UND_ERR_)/;

/**
 * Whether `err` (a query's failure) says the database could not be reached, read or written: a
 * remote that is down or answers 5xx, a file locked, unreadable, corrupt, read-only or full.
 */
export function isDatabaseOutage(err: unknown): boolean {
  // Only failures of a query count: drizzle wraps them, the raw client throws LibsqlError.
  const fromDatabase = err instanceof DrizzleQueryError || nameOf(err) === 'LibsqlError';
  if (!fromDatabase) return false;
  for (let link: unknown = err, depth = 0; link && depth < 8; link = causeOf(link), depth++) {
    const code = codeOf(link);
    if (code && (SQLITE_OUTAGE.test(code) || REMOTE_OUTAGE.has(code) || NETWORK_OUTAGE.test(code)))
      return true;
  }
  return false;
}

const nameOf = (x: unknown) => (x instanceof Error ? x.name : undefined);
const causeOf = (x: unknown) => (x instanceof Error ? x.cause : undefined);
const codeOf = (x: unknown) =>
  typeof x === 'object' && x !== null && typeof (x as { code?: unknown }).code === 'string'
    ? (x as { code: string }).code
    : undefined;

/**
 * `name: message` for a log line. A failed drizzle query's message carries its SQL and its
 * parameters, which can be personal data, so only its cause is described.
 */
export function describeError(err: unknown): string {
  if (err instanceof DrizzleQueryError) {
    const cause = err.cause;
    return cause
      ? `DrizzleQueryError (query withheld): ${cause.name}: ${cause.message}`
      : 'DrizzleQueryError';
  }
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
