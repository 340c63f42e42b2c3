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
  c.set('requestId', randomId('req_', 9));
  await next();
  c.header('X-Request-Id', c.get('requestId'));
};

export function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError('payload_too_large', `the request body is larger than ${maxSize} bytes`);
    },
  });
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

/** Resolves the Bearer key on a request, or undefined when there is none or it is wrong. */
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
  if (deps.config.adminApiKey && constantTimeEqual(hash, sha256Hex(deps.config.adminApiKey))) {
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
