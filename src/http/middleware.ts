// Cross-cutting request handling: request ids, API-key authentication, JSON-only bodies and
// the body-size limit. Each turns a refusal into an AppError so onError answers in the envelope.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { constantTimeEqual, randomId } from '../crypto/random';
import { sha256Hex } from '../crypto/sha256';
import type { ApiKeyScope } from '../db/schema';
import type { AppDeps } from '../deps';
import { domainContext } from '../deps';
import { hasScope, type PublicApiKey, verifyApiKey } from '../domain/api-keys';
import { AppError } from '../domain/errors';
import type { ReadCache } from '../domain/read-cache';
import { isJsonType } from './content-type';
import type { AppEnv } from './router';

export const requestId = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const id = randomId('req_', 9);
  c.set('requestId', id);
  await answerHeader(c, next, 'X-Request-Id', id);
};

/**
 * Puts a header on the answer: set before the route answers, so the answer it makes through the
 * context carries it, and set again afterwards only when it is missing (an answer made without
 * the context, or replaced). A header set on a finished answer makes Hono copy the whole
 * Response, which on a one-click costs as much as its token check (bench/README.md).
 */
export async function answerHeader(
  c: Parameters<MiddlewareHandler>[0],
  next: () => Promise<void>,
  name: string,
  value: string,
): Promise<void> {
  c.header(name, value);
  await next();
  if (c.res.headers.get(name) !== value) c.header(name, value);
}

export function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  const tooLarge = () => {
    throw new AppError('payload_too_large', `the request body is larger than ${maxSize} bytes`);
  };
  const streamed = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    // A body with a Content-Length (Node's parser holds the body to it) is judged by the header
    // alone, as bodyLimit does too, but without opening the body as a web stream: on Node that
    // stream costs more than reading the body does, and the route may read it faster directly.
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(length, 10) > maxSize) tooLarge();
      return next();
    }
    return streamed(c, next);
  };
}

/** Refuses request bodies that are not JSON with 415, before validation reads them. */
export const jsonOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!isJsonType(c.req.header('content-type'))) {
    throw new AppError('unsupported_media_type', 'send the body as application/json');
  }
  await next();
};

/** The key ADMIN_API_KEY stands for; it has no row, so it gets a fixed id for the trail. */
const envAdminKey: PublicApiKey = {
  id: 'env:ADMIN_API_KEY',
  name: 'ADMIN_API_KEY',
  prefix: '',
  scopes: ['admin'],
  createdAt: new Date(0),
  lastUsedAt: null,
  revokedAt: null,
};

// ADMIN_API_KEY's hash, made once: hashing it again on every call was half of the hashing a
// presend call did (a config holds one key for the life of the process).
let adminHashMemo: { key: string; hash: string } | undefined;
function adminKeyHash(key: string | undefined): string | undefined {
  if (!key) return undefined;
  if (adminHashMemo?.key !== key) adminHashMemo = { key, hash: sha256Hex(key) };
  return adminHashMemo.hash;
}

/**
 * The key behind an `Authorization: Bearer` header. With `cache` (presend's, read-cache.ts), a
 * verified key is kept for a few seconds, so a key revoked elsewhere may work that long.
 */
export async function authenticate(
  deps: AppDeps,
  authorization: string | undefined,
  cache?: ReadCache<PublicApiKey>,
): Promise<PublicApiKey | undefined> {
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match) return undefined;
  const secret = match[1];
  // Compare hashes so the comparison takes the same time whatever the lengths.
  const hash = sha256Hex(secret);
  const adminHash = adminKeyHash(deps.config.adminApiKey);
  if (adminHash && constantTimeEqual(hash, adminHash)) {
    return envAdminKey;
  }
  const verify = () => verifyApiKey({ ctx: domainContext(deps), input: { secret } });
  return cache ? cache.get(hash, verify) : verify();
}

export function requireScope(deps: AppDeps, scope: ApiKeyScope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = await authenticate(deps, c.req.header('authorization'));
    if (!key) throw new AppError('unauthorized', 'a valid API key is required (Authorization: Bearer <key>)');
    if (!hasScope(key, scope)) throw new AppError('forbidden', `this API key lacks the '${scope}' scope`);
    c.set('apiKey', key);
    await next();
  };
}
