// The closed set of error codes the service answers with. Domain code throws `AppError`
// with a code; the HTTP layer (src/http/errors.ts) maps each code to one status.
export const errorCodes = [
  'bad_request',
  'invalid_json',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'opted_out',
  'erased',
  'payload_too_large',
  'unsupported_media_type',
  'invalid_token',
  'rate_limited',
  'service_unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * What a refused caller may authenticate with (a 401's WWW-Authenticate): an API key, or a
 * signature over the body (the Standard Webhooks one) where the caller is a sending service.
 */
export type Credential = 'api-key' | 'webhook-signature';

export interface AppErrorOptions {
  /** For a refusal that lifts by itself (a rate limit): when to try again (Retry-After). */
  retryAfterSeconds?: number;
  /** For an `unauthorized`: what the route accepts, when not an API key. */
  accepts?: readonly Credential[];
}

export class AppError extends Error {
  override name = 'AppError';
  readonly retryAfterSeconds?: number;
  readonly accepts?: readonly Credential[];
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options: AppErrorOptions = {},
  ) {
    super(message);
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.accepts = options.accepts;
  }
}

/** A 429 that says when the window that refused it ends. */
export function rateLimited(message: string, retryAfterMs: number): AppError {
  return new AppError('rate_limited', message, undefined, {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
  });
}

/** A 401 for a call that must be signed, not carry a key (webhooks from a sending service). */
export function signatureRefused(message: string): AppError {
  return new AppError('unauthorized', message, undefined, { accepts: ['webhook-signature'] });
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
