/**
 * Local Hrana-over-HTTP server (protocol v2, JSON) for one local SQLite/libSQL database file, for
 * tests and for running the Worker locally (`npm run dev:worker`, scripts/dev-worker.ts). It is
 * development tooling: nothing under src/ imports it, so it never reaches the Worker bundle.
 *
 * It lets `@libsql/client/web` (and drizzle-orm on top of it, or a Worker running in
 * workerd/Miniflare) use a plain database file as if it were Turso/sqld, without running sqld:
 *
 *   const server = await startHranaServer({ dbPath, authToken: 'secret' });
 *   const client = createClient({ url: server.url, authToken: 'secret' });
 *
 * Protocol reference: docs/HRANA_SPEC.md and docs/HRANA_2_SPEC.md in tursodatabase/libsql. The
 * behaviour mirrors sqld wherever the client can tell the difference (error codes, strict argument
 * binding, one statement per `execute`, per-stream connections).
 *
 * Design:
 * - Every stream (baton) gets its own libsql connection, opened lazily and closed with the stream,
 *   just like sqld. Connection state (PRAGMAs, temp tables, last_insert_rowid) therefore does
 *   not leak between streams.
 * - All SQL runs synchronously on the event loop, so the requests of one pipeline never interleave
 *   with other work. A stream that leaves a transaction open becomes the "owner" of the
 *   database: pipelines of other streams are queued (asynchronously, no busy-waiting) until the
 *   owner commits/rolls back, closes, or expires. This gives full isolation and never produces
 *   SQLITE_BUSY between streams, at the price of blocking readers too (sqld in WAL mode would let
 *   them read): a test must not await another stream's query while holding a transaction open.
 *
 * Not for production: no TLS, no protobuf, no cursors (v3), no `describe`; it uses the `libsql`
 * package, a development dependency.
 *
 * Script mode, for manual checks:  tsx scripts/hrana-server.ts <dbPath> [port]
 * (set HRANA_AUTH_TOKEN to require a bearer token).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'libsql';

export interface HranaServer {
  /** Base URL to hand to `createClient({ url })`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Rolls back open transactions, closes all streams and connections, stops listening. */
  close(): Promise<void>;
  /** Number of pipeline requests served (any status, after the auth check). */
  requests: number;
}

export interface HranaServerOptions {
  dbPath: string;
  /** When set, every request except `GET /health` must carry `Authorization: Bearer <token>`. */
  authToken?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a random free port). */
  port?: number;
  /** Streams idle for this long are closed (an open transaction is rolled back). Default 10 s. */
  streamIdleTimeoutMs?: number;
}

type Conn = Database.Database;

/** Wire types (the subset of Hrana 2/3 that the JSON pipeline uses). */
type ProtoValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

interface ProtoError {
  message: string;
  code: string;
}

interface StmtResult {
  cols: { name: string; decltype: string | null }[];
  rows: ProtoValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}

/** What libsql accepts as a bound value. Booleans and objects must never reach it (Rust panic). */
type SqlValue = null | bigint | number | string | Buffer;

/** An error that becomes a Hrana error object `{ message, code }`. */
class HranaError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const DEFAULT_IDLE_MS = 10_000;
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

// ---------------------------------------------------------------------------------------------
// SQL analysis: statement boundaries and parameter names.
//
// libsql's prepare() silently ignores everything after the first statement and binds NULL for
// parameters it was not given, while sqld rejects both. It also panics (aborting the whole
// process) when an object is bound to SQL containing a bare `?`. So we find the parameters
// ourselves, with SQLite's tokenizer rules, and always bind a plain array by index.
// ---------------------------------------------------------------------------------------------

interface SqlInfo {
  /** The first (and only) statement, without the trailing semicolon. */
  sql: string;
  /** paramNames[i] is the name of parameter i+1 as SQLite reports it (`:a`, `?3`) or null for `?`. */
  paramNames: (string | null)[];
}

const isIdChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;

type TokenKind = 'ws' | 'semi' | 'word' | 'param' | 'other';

/**
 * Token classes and transition table of SQLite's sqlite3_complete() (complete.c). It knows that
 * the semicolons inside CREATE TRIGGER ... BEGIN ... END do not end the statement.
 */
const TK_SEMI = 0;
const TK_WS = 1;
const TK_OTHER = 2;
const COMPLETE_TRANS: readonly (readonly number[])[] = [
  /*               SEMI WS OTHER EXPLAIN CREATE TEMP TRIGGER END */
  /* 0 INVALID */ [1, 0, 2, 3, 4, 2, 2, 2],
  /* 1 START   */ [1, 1, 2, 3, 4, 2, 2, 2],
  /* 2 NORMAL  */ [1, 2, 2, 2, 2, 2, 2, 2],
  /* 3 EXPLAIN */ [1, 3, 3, 2, 4, 2, 2, 2],
  /* 4 CREATE  */ [1, 4, 2, 2, 2, 4, 5, 2],
  /* 5 TRIGGER */ [6, 5, 5, 5, 5, 5, 5, 5],
  /* 6 SEMI    */ [6, 6, 5, 5, 5, 5, 5, 7],
  /* 7 END     */ [1, 7, 5, 5, 5, 5, 5, 5],
];
const KEYWORD_TK: Record<string, number> = {
  EXPLAIN: 3,
  CREATE: 4,
  TEMP: 5,
  TEMPORARY: 5,
  TRIGGER: 6,
  END: 7,
};

/** Splits SQL into tokens coarsely, following the rules of SQLite's tokenize.c. */
function* tokenize(sql: string): Generator<{ kind: TokenKind; start: number; end: number }> {
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const start = i;
    const c = sql.charCodeAt(i);
    const next = i + 1 < n ? sql.charCodeAt(i + 1) : -1;
    let kind: TokenKind = 'other';
    if (isSpace(c)) {
      while (i < n && isSpace(sql.charCodeAt(i))) i++;
      kind = 'ws';
    } else if (c === 45 /* - */ && next === 45) {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
      kind = 'ws';
    } else if (c === 47 /* / */ && next === 42 /* * */) {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      kind = 'ws';
    } else if (c === 59 /* ; */) {
      i++;
      kind = 'semi';
    } else if (c === 39 /* ' */ || c === 34 /* " */ || c === 96 /* ` */) {
      // Quoted string/identifier; a doubled quote is an escaped quote.
      const q = sql[i];
      i++;
      for (;;) {
        const close = sql.indexOf(q, i);
        if (close < 0) {
          i = n;
          break;
        }
        i = close + 1;
        if (sql[i] !== q) break;
        i++;
      }
    } else if (c === 91 /* [ */) {
      const close = sql.indexOf(']', i);
      i = close < 0 ? n : close + 1;
    } else if (c === 63 /* ? */) {
      i++;
      while (i < n && sql.charCodeAt(i) >= 48 && sql.charCodeAt(i) <= 57) i++;
      kind = 'param';
    } else if (c === 58 /* : */ || c === 64 /* @ */ || c === 35 /* # */) {
      i++;
      while (i < n && isIdChar(sql.charCodeAt(i))) i++;
      // A lone prefix is not a parameter (SQLite reports "unrecognized token").
      kind = i - start > 1 ? 'param' : 'other';
    } else if (c === 36 /* $ */) {
      // TCL-style variable: $name, $a::b, $name(suffix)
      i++;
      while (i < n) {
        const d = sql.charCodeAt(i);
        if (isIdChar(d)) i++;
        else if (d === 58 && sql.charCodeAt(i + 1) === 58) i += 2;
        else if (d === 40 /* ( */) {
          const close = sql.indexOf(')', i);
          i = close < 0 ? n : close + 1;
          break;
        } else break;
      }
      kind = i - start > 1 ? 'param' : 'other';
    } else if (isIdChar(c)) {
      // Identifier, keyword or number (x'..' blobs end up as a word followed by a string).
      while (i < n && isIdChar(sql.charCodeAt(i))) i++;
      kind = 'word';
    } else {
      i++;
    }
    yield { kind, start, end: i };
  }
}

const sqlInfoCache = new Map<string, SqlInfo>();

/** Finds the single statement in `sql` and its parameters; throws like sqld for 0 or 2+ statements. */
export function analyseSql(sql: string): SqlInfo {
  const cached = sqlInfoCache.get(sql);
  if (cached) return cached;

  let state = 0;
  let stmtStart = -1;
  let stmtEnd = -1;
  const paramNames: (string | null)[] = [];
  const indexByName = new Map<string, number>();

  for (const tok of tokenize(sql)) {
    if (stmtEnd >= 0) {
      if (tok.kind === 'ws' || tok.kind === 'semi') continue;
      throw new HranaError('SQL string contains more than one statement', 'SQL_MANY_STATEMENTS');
    }
    let tk = TK_OTHER;
    if (tok.kind === 'ws') tk = TK_WS;
    else if (tok.kind === 'semi') tk = TK_SEMI;
    else if (tok.kind === 'word') tk = KEYWORD_TK[sql.slice(tok.start, tok.end).toUpperCase()] ?? TK_OTHER;

    if (tk !== TK_WS && tk !== TK_SEMI && stmtStart < 0) stmtStart = tok.start;
    const nextState = COMPLETE_TRANS[state][tk];
    // Back in the START state after a semicolon: the first statement is complete.
    if (tk === TK_SEMI && nextState === 1 && stmtStart >= 0) stmtEnd = tok.start;
    state = nextState;

    if (tok.kind === 'param') {
      // Parameter numbering as in SQLite's sqlite3ExprAssignVarNumber().
      const name = sql.slice(tok.start, tok.end);
      if (name === '?') {
        paramNames.push(null);
      } else if (name[0] === '?') {
        const index = Number(name.slice(1));
        if (Number.isInteger(index) && index >= 1 && index <= 32766) {
          while (paramNames.length < index) paramNames.push(null);
          paramNames[index - 1] ??= name;
        }
      } else if (!indexByName.has(name)) {
        paramNames.push(name);
        indexByName.set(name, paramNames.length);
      }
    }
  }

  if (stmtStart < 0) throw new HranaError('SQL string does not contain any statement', 'SQL_NO_STATEMENT');
  const info: SqlInfo = { sql: sql.slice(stmtStart, stmtEnd < 0 ? sql.length : stmtEnd), paramNames };
  if (sqlInfoCache.size >= 1000) sqlInfoCache.clear();
  sqlInfoCache.set(sql, info);
  return info;
}

// ---------------------------------------------------------------------------------------------
// Values and errors
// ---------------------------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function decodeValue(v: unknown): SqlValue {
  if (!isObject(v)) throw new HranaError('Expected a value object', 'ARGS_INVALID');
  switch (v.type) {
    case 'null':
      return null;
    case 'integer': {
      // The client always sends a decimal string; accept a safe JSON number too.
      const raw = v.value;
      if (typeof raw === 'string' && /^-?\d{1,20}$/.test(raw)) {
        const big = BigInt(raw);
        if (big >= I64_MIN && big <= I64_MAX) return big;
      } else if (typeof raw === 'number' && Number.isSafeInteger(raw)) {
        return BigInt(raw);
      }
      throw new HranaError(`Invalid integer value: ${JSON.stringify(raw)}`, 'ARGS_INVALID');
    }
    case 'float': {
      const raw = typeof v.value === 'string' ? Number(v.value) : v.value;
      if (typeof raw === 'number' && !Number.isNaN(raw)) return raw;
      throw new HranaError(`Invalid float value: ${JSON.stringify(v.value)}`, 'ARGS_INVALID');
    }
    case 'text':
      if (typeof v.value === 'string') return v.value;
      throw new HranaError('Text value must be a string', 'ARGS_INVALID');
    case 'blob':
      if (typeof v.base64 === 'string') return Buffer.from(v.base64, 'base64');
      throw new HranaError('Blob value must carry a base64 string', 'ARGS_INVALID');
    default:
      throw new HranaError(`Unknown value type: ${JSON.stringify(v.type)}`, 'ARGS_INVALID');
  }
}

function encodeValue(v: unknown): ProtoValue {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  // With safeIntegers on, a JS number is always a REAL. (±Infinity has no JSON form; sqld sends
  // null there too, which the client rejects.)
  if (typeof v === 'number') return { type: 'float', value: v };
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof Uint8Array)
    return { type: 'blob', base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  return { type: 'text', value: String(v) };
}

/** SQLite primary result codes, named as sqld names them. */
const SQLITE_CODES: Record<number, string> = {
  1: 'SQLITE_UNKNOWN', // sqld maps plain SQLITE_ERROR ("no such table", syntax errors) to this
  2: 'SQLITE_INTERNAL',
  3: 'SQLITE_PERM',
  4: 'SQLITE_ABORT',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM',
  8: 'SQLITE_READONLY',
  9: 'SQLITE_INTERRUPT',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  15: 'SQLITE_PROTOCOL',
  17: 'SQLITE_SCHEMA',
  18: 'SQLITE_TOOBIG',
  19: 'SQLITE_CONSTRAINT',
  20: 'SQLITE_MISMATCH',
  21: 'SQLITE_MISUSE',
  22: 'SQLITE_NOLFS',
  23: 'SQLITE_AUTH',
  25: 'SQLITE_RANGE',
  26: 'SQLITE_NOTADB',
};

function toProtoError(e: unknown): ProtoError {
  if (e instanceof HranaError) return { message: e.message, code: e.code };
  const err = e as { message?: unknown; code?: unknown; rawCode?: unknown } | null;
  const message = String(err?.message ?? e);
  if (e instanceof Database.SqliteError) {
    // libsql reports extended codes (SQLITE_CONSTRAINT_UNIQUE / 2067); sqld sends the primary one.
    let code: string | undefined;
    if (typeof err?.rawCode === 'number') code = SQLITE_CODES[err.rawCode & 0xff];
    else if (typeof err?.code === 'string') {
      code = Object.values(SQLITE_CODES).find((c) => err.code === c || String(err.code).startsWith(`${c}_`));
    }
    return { message: `SQLite error: ${message}`, code: code ?? 'SQLITE_UNKNOWN' };
  }
  return { message, code: 'INTERNAL_ERROR' };
}

// ---------------------------------------------------------------------------------------------
// Streams and the server
// ---------------------------------------------------------------------------------------------

interface Stream {
  id: number;
  /** The baton the client must send next; null while a request is in flight or after close. */
  baton: string | null;
  conn: Conn | null;
  sqls: Map<number, string>;
  closed: boolean;
  timer: NodeJS.Timeout | null;
}

interface QueuedJob {
  run(): void;
  cancel(): void;
}

class HranaServerImpl {
  requests = 0;
  private readonly streams = new Set<Stream>();
  private readonly batons = new Map<string, Stream>();
  /** The stream whose connection holds an open transaction; everybody else waits. */
  private owner: Stream | null = null;
  private readonly waiting: QueuedJob[] = [];
  private draining = false;
  private nextStreamId = 1;
  private closing = false;

  constructor(
    private readonly dbPath: string,
    private readonly authToken: string | undefined,
    private readonly idleMs: number,
  ) {}

  // --- HTTP -----------------------------------------------------------------------------------

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    if (req.method === 'GET' && path === '/health') return sendText(res, 200, 'ok');
    if (this.authToken !== undefined && req.headers.authorization !== `Bearer ${this.authToken}`) {
      return sendJson(res, 401, {
        message: 'Unauthorized: missing or invalid bearer token',
        code: 'UNAUTHORIZED',
      });
    }
    // Paths are matched by suffix so that a base URL with a path (`http://h:1/db/`) works too.
    if (path === '/v2' || path.endsWith('/v2')) {
      if (req.method === 'GET') return sendText(res, 200, '');
    } else if (path.endsWith('/v2/pipeline')) {
      if (req.method === 'POST') return this.handlePipeline(req, res);
      return sendJson(res, 405, { message: 'Use POST for the pipeline', code: 'METHOD_NOT_ALLOWED' });
    }
    // Includes GET /v3-protobuf and /v3: the client then falls back to v2 JSON.
    return sendJson(res, 404, { message: `Not found: ${req.method} ${path}`, code: 'NOT_FOUND' });
  }

  private async handlePipeline(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (e) {
      const tooLarge = e instanceof HranaError && e.code === 'BODY_TOO_LARGE';
      return sendJson(res, tooLarge ? 413 : 400, {
        message: tooLarge ? e.message : 'Request body is not valid JSON',
        code: tooLarge ? e.code : 'PROTOCOL_ERROR',
      });
    }
    if (
      !isObject(body) ||
      !Array.isArray(body.requests) ||
      !(body.baton === undefined || body.baton === null || typeof body.baton === 'string')
    ) {
      return sendJson(res, 400, {
        message: 'Expected {"baton"?: string, "requests": [...]}',
        code: 'PROTOCOL_ERROR',
      });
    }
    if (this.closing)
      return sendJson(res, 503, { message: 'Server is shutting down', code: 'SERVER_CLOSING' });

    let stream: Stream;
    if (typeof body.baton === 'string') {
      const found = this.batons.get(body.baton);
      if (!found) {
        return sendJson(res, 400, {
          message: 'The stream has expired due to inactivity',
          code: 'STREAM_EXPIRED',
        });
      }
      // A baton is single-use: a concurrent duplicate request is answered as expired.
      stream = found;
      this.batons.delete(body.baton);
      stream.baton = null;
      if (stream.timer) clearTimeout(stream.timer);
      stream.timer = null;
    } else {
      stream = this.openStream();
    }

    const requests = body.requests as unknown[];
    const result = await this.schedule(stream, () => {
      // The client may have given up while we were queued: do not run its SQL then.
      if (res.destroyed || req.socket.destroyed) {
        this.closeStream(stream);
        return null;
      }
      const results = this.runPipeline(stream, requests);
      this.afterPipeline(stream);
      return { baton: stream.baton, base_url: null, results };
    });
    if (result === null) return;
    if (result instanceof HranaError)
      return sendJson(res, 503, { message: result.message, code: result.code });
    sendJson(res, 200, result);
  }

  // --- scheduling -----------------------------------------------------------------------------

  /**
   * Runs `task` now if nobody else holds an open transaction, otherwise once they are done.
   * Tasks are synchronous, so the owner check and the work happen atomically.
   */
  private schedule<T>(stream: Stream, task: () => T): Promise<T | HranaError> {
    return new Promise((resolveJob) => {
      const job: QueuedJob = {
        run: () => {
          try {
            resolveJob(task());
          } catch (e) {
            // runPipeline catches per request; this is a last line of defence.
            this.closeStream(stream);
            resolveJob(
              new HranaError(`Internal error: ${String((e as Error)?.message ?? e)}`, 'INTERNAL_ERROR'),
            );
          }
          this.drain();
        },
        cancel: () => {
          this.closeStream(stream);
          resolveJob(new HranaError('Server is shutting down', 'SERVER_CLOSING'));
        },
      };
      if (this.owner === null || this.owner === stream) job.run();
      else this.waiting.push(job);
    });
  }

  /** Runs queued jobs in order until one of them leaves a transaction open. */
  private drain(): void {
    if (this.draining) return; // the outer loop continues
    this.draining = true;
    try {
      while (this.owner === null && this.waiting.length > 0) this.waiting.shift()?.run();
    } finally {
      this.draining = false;
    }
  }

  // --- streams --------------------------------------------------------------------------------

  private openStream(): Stream {
    const stream: Stream = {
      id: this.nextStreamId++,
      baton: null,
      conn: null,
      sqls: new Map(),
      closed: false,
      timer: null,
    };
    this.streams.add(stream);
    return stream;
  }

  private connOf(stream: Stream): Conn {
    if (!stream.conn) {
      const conn = new Database(this.dbPath);
      // Return every INTEGER as bigint, so integers and REALs can be told apart (1 vs 1.0) and
      // large rowids keep their precision.
      conn.defaultSafeIntegers(true);
      stream.conn = conn;
    }
    return stream.conn;
  }

  /** After a pipeline: keep or release database ownership, and hand out the next baton. */
  private afterPipeline(stream: Stream): void {
    if (stream.closed) {
      this.closeStream(stream);
      return;
    }
    if (stream.conn?.inTransaction) this.owner = stream;
    else if (this.owner === stream) this.owner = null;

    const baton = `${stream.id}.${randomBytes(12).toString('base64url')}`;
    stream.baton = baton;
    this.batons.set(baton, stream);
    stream.timer = setTimeout(() => {
      this.closeStream(stream);
      this.drain();
    }, this.idleMs);
    stream.timer.unref();
  }

  /** Closes a stream, rolling back its transaction. Callers outside a job must drain() after. */
  private closeStream(stream: Stream): void {
    stream.closed = true;
    if (stream.timer) clearTimeout(stream.timer);
    stream.timer = null;
    if (stream.baton) this.batons.delete(stream.baton);
    stream.baton = null;
    const conn = stream.conn;
    stream.conn = null;
    if (conn) {
      try {
        if (conn.inTransaction) conn.exec('ROLLBACK');
      } catch {
        // closing the connection rolls back anyway
      }
      try {
        conn.close();
      } catch {
        // already closed
      }
    }
    if (this.owner === stream) this.owner = null;
    this.streams.delete(stream);
  }

  // --- requests -------------------------------------------------------------------------------

  private runPipeline(stream: Stream, requests: unknown[]): unknown[] {
    return requests.map((request) => {
      if (stream.closed) {
        return { type: 'error', error: { message: 'The stream has been closed', code: 'STREAM_CLOSED' } };
      }
      try {
        return { type: 'ok', response: this.runRequest(stream, request) };
      } catch (e) {
        return { type: 'error', error: toProtoError(e) };
      }
    });
  }

  private runRequest(stream: Stream, req: unknown): unknown {
    if (!isObject(req) || typeof req.type !== 'string')
      throw protocolError('Request must be an object with a "type"');
    switch (req.type) {
      case 'close':
        stream.closed = true; // the connection is closed (and rolled back) in afterPipeline
        return { type: 'close' };
      case 'execute':
        return { type: 'execute', result: this.executeStmt(stream, req.stmt) };
      case 'batch':
        return { type: 'batch', result: this.runBatch(stream, req.batch) };
      case 'sequence': {
        const sql = this.resolveSql(stream, req.sql, req.sql_id);
        this.connOf(stream).exec(sql);
        return { type: 'sequence' };
      }
      case 'store_sql': {
        const id = req.sql_id;
        if (!Number.isInteger(id) || typeof req.sql !== 'string')
          throw protocolError('store_sql needs an integer sql_id and a string sql');
        if (stream.sqls.has(id as number)) throw protocolError(`SQL text ${id} already exists`);
        stream.sqls.set(id as number, req.sql);
        return { type: 'store_sql' };
      }
      case 'close_sql':
        stream.sqls.delete(req.sql_id as number); // closing an unknown id is not an error
        return { type: 'close_sql' };
      case 'get_autocommit': // v3 only, but trivial
        return { type: 'get_autocommit', is_autocommit: !stream.conn?.inTransaction };
      default:
        throw protocolError(`Request type ${JSON.stringify(req.type)} is not supported by this test server`);
    }
  }

  private resolveSql(stream: Stream, sql: unknown, sqlId: unknown): string {
    const hasSql = sql !== undefined && sql !== null;
    const hasId = sqlId !== undefined && sqlId !== null;
    if (hasSql && hasId) throw protocolError('Either `sql` or `sql_id` are required, but not both');
    if (hasSql) {
      if (typeof sql !== 'string') throw protocolError('`sql` must be a string');
      return sql;
    }
    if (!hasId) throw protocolError('Either `sql` or `sql_id` are required');
    const stored = stream.sqls.get(sqlId as number);
    if (stored === undefined) throw protocolError(`SQL text ${String(sqlId)} not found`);
    return stored;
  }

  private executeStmt(stream: Stream, stmt: unknown): StmtResult {
    if (!isObject(stmt)) throw protocolError('`stmt` must be an object');
    const info = analyseSql(this.resolveSql(stream, stmt.sql, stmt.sql_id));
    const binds = bindArgs(info, stmt.args, stmt.named_args);
    const wantRows = stmt.want_rows !== false;
    const conn = this.connOf(stream);

    const before = connStats(conn);
    const prepared = conn.prepare(info.sql);
    prepared.safeIntegers(true);
    let cols: StmtResult['cols'] = [];
    let rows: ProtoValue[][] = [];
    if (prepared.reader) {
      // all() steps to SQLITE_DONE, so no half-finished statement keeps a lock on the file.
      prepared.raw(true);
      const raw = prepared.all(binds) as unknown[][];
      cols = prepared.columns().map((c) => ({ name: c.name, decltype: c.type ?? null }));
      if (wantRows) rows = raw.map((row) => row.map(encodeValue));
    } else {
      prepared.run(binds);
    }
    const after = connStats(conn);
    // changes() is stale after a statement that changed nothing (e.g. a SELECT), so only trust
    // it when total_changes() moved. changes() excludes rows changed by triggers, like sqld.
    const affected = after.total > before.total ? Number(after.changes) : 0;
    return { cols, rows, affected_row_count: affected, last_insert_rowid: after.lastInsertRowid.toString() };
  }

  private runBatch(
    stream: Stream,
    batch: unknown,
  ): { step_results: (StmtResult | null)[]; step_errors: (ProtoError | null)[] } {
    if (!isObject(batch) || !Array.isArray(batch.steps))
      throw protocolError('`batch.steps` must be an array');
    const steps = batch.steps as unknown[];
    // Validate every condition first, so a malformed batch has no side effects.
    steps.forEach((step, i) => {
      if (!isObject(step)) throw protocolError(`Batch step ${i} must be an object`);
      if (step.condition !== undefined && step.condition !== null) validateCond(step.condition, i);
    });

    const outcome: ('ok' | 'error' | 'skipped')[] = [];
    const step_results: (StmtResult | null)[] = [];
    const step_errors: (ProtoError | null)[] = [];
    const evalCond = (cond: Record<string, unknown>): boolean => {
      switch (cond.type) {
        case 'ok':
          return outcome[cond.step as number] === 'ok';
        case 'error':
          return outcome[cond.step as number] === 'error';
        case 'not':
          return !evalCond(cond.cond as Record<string, unknown>);
        case 'and':
          return (cond.conds as Record<string, unknown>[]).every(evalCond);
        case 'or':
          return (cond.conds as Record<string, unknown>[]).some(evalCond);
        default: // is_autocommit
          return !stream.conn?.inTransaction;
      }
    };

    for (const step of steps as Record<string, unknown>[]) {
      const cond = step.condition as Record<string, unknown> | undefined | null;
      if (cond && !evalCond(cond)) {
        outcome.push('skipped');
        step_results.push(null);
        step_errors.push(null);
        continue;
      }
      try {
        step_results.push(this.executeStmt(stream, step.stmt));
        step_errors.push(null);
        outcome.push('ok');
      } catch (e) {
        step_results.push(null);
        step_errors.push(toProtoError(e));
        outcome.push('error');
      }
    }
    return { step_results, step_errors };
  }

  // --- shutdown -------------------------------------------------------------------------------

  shutdown(): void {
    this.closing = true;
    for (const job of this.waiting.splice(0)) job.cancel();
    for (const stream of [...this.streams]) this.closeStream(stream);
  }
}

function protocolError(message: string): HranaError {
  return new HranaError(message, 'PROTOCOL_ERROR');
}

function validateCond(cond: unknown, stepIndex: number): void {
  if (!isObject(cond)) throw protocolError('Batch condition must be an object');
  switch (cond.type) {
    case 'ok':
    case 'error':
      if (!Number.isInteger(cond.step) || (cond.step as number) < 0 || (cond.step as number) >= stepIndex) {
        throw protocolError(
          `Invalid reference to step ${String(cond.step)} in the condition of step ${stepIndex}`,
        );
      }
      return;
    case 'not':
      validateCond(cond.cond, stepIndex);
      return;
    case 'and':
    case 'or':
      if (!Array.isArray(cond.conds)) throw protocolError(`"${cond.type}" condition needs a "conds" array`);
      for (const c of cond.conds) validateCond(c, stepIndex);
      return;
    case 'is_autocommit':
      return;
    default:
      throw protocolError(`Unknown batch condition type ${JSON.stringify(cond.type)}`);
  }
}

/**
 * Builds the positional bind array for libsql, checking arguments the way sqld does: missing or
 * surplus arguments are ARGS_INVALID, and positional plus named arguments together are rejected.
 * Named arguments may be given with or without their prefix (`email` or `:email`).
 */
function bindArgs(info: SqlInfo, argsRaw: unknown, namedRaw: unknown): SqlValue[] {
  const args = argsRaw === undefined || argsRaw === null ? [] : argsRaw;
  const named = namedRaw === undefined || namedRaw === null ? [] : namedRaw;
  if (!Array.isArray(args) || !Array.isArray(named))
    throw protocolError('`args` and `named_args` must be arrays');
  if (args.length > 0 && named.length > 0) {
    throw new HranaError(
      'Specifying both positional and named arguments is not supported',
      'ARGS_BOTH_POSITIONAL_AND_NAMED',
    );
  }
  const count = info.paramNames.length;
  const invalid = (why: string) =>
    new HranaError(`Arguments do not match SQL parameters: ${why}`, 'ARGS_INVALID');

  if (named.length === 0) {
    if (args.length > count) throw invalid(`too many arguments, expected ${count} found ${args.length}`);
    if (args.length < count)
      throw invalid(`value for parameter ${info.paramNames[args.length] ?? args.length + 1} not found`);
    return args.map(decodeValue);
  }

  const byName = new Map<string, unknown>();
  for (const arg of named) {
    if (!isObject(arg) || typeof arg.name !== 'string')
      throw protocolError('Each named argument needs a string `name`');
    byName.set(arg.name, arg.value);
  }
  const used = new Set<string>();
  const binds = info.paramNames.map((name, i) => {
    // A `?`/`?NNN` parameter cannot be bound by name.
    if (name === null || name[0] === '?') throw invalid(`value for parameter ${name ?? i + 1} not found`);
    const key = byName.has(name) ? name : name.slice(1);
    if (!byName.has(key)) throw invalid(`value for parameter ${name} not found`);
    used.add(key);
    return decodeValue(byName.get(key));
  });
  const unused = [...byName.keys()].filter((k) => !used.has(k));
  if (unused.length > 0) throw invalid(`no parameter matches ${unused.join(', ')}`);
  return binds;
}

function connStats(conn: Conn): { total: bigint; changes: bigint; lastInsertRowid: bigint } {
  const stmt = conn.prepare('SELECT total_changes(), changes(), last_insert_rowid()');
  stmt.raw(true);
  stmt.safeIntegers(true);
  const [row] = stmt.all() as bigint[][];
  return { total: row[0], changes: row[1], lastInsertRowid: row[2] };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HranaError(`Request body exceeds ${MAX_BODY_BYTES} bytes`, 'BODY_TOO_LARGE'));
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  // Exactly "application/json": the client only parses error bodies with that content type.
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startHranaServer(opts: HranaServerOptions): Promise<HranaServer> {
  const host = opts.host ?? '127.0.0.1';
  const dbPath = resolve(opts.dbPath);
  // Open once up front so a bad path fails here instead of inside the first request.
  new Database(dbPath).close();

  const impl = new HranaServerImpl(dbPath, opts.authToken, opts.streamIdleTimeoutMs ?? DEFAULT_IDLE_MS);
  const server = createServer((req, res) => {
    impl.handle(req, res).catch((e: unknown) => {
      sendJson(res, 500, {
        message: `Internal error: ${String((e as Error)?.message ?? e)}`,
        code: 'INTERNAL_ERROR',
      });
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closed: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    get requests() {
      return impl.requests;
    },
    close() {
      closed ??= new Promise<void>((resolveClose) => {
        impl.shutdown();
        server.close(() => resolveClose());
        // Idle keep-alive sockets from fetch() would otherwise keep close() waiting.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

// Script mode: `tsx scripts/hrana-server.ts <dbPath> [port]`
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dbPath, portArg] = process.argv.slice(2);
  if (!dbPath) {
    console.error('usage: tsx scripts/hrana-server.ts <dbPath> [port]   (env HRANA_AUTH_TOKEN optional)');
    process.exit(2);
  }
  startHranaServer({
    dbPath,
    port: portArg ? Number(portArg) : 0,
    authToken: process.env.HRANA_AUTH_TOKEN || undefined,
  }).then(
    (server) => {
      console.log(server.url);
      const stop = () => void server.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
