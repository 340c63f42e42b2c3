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

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** For a refusal that lifts by itself (a rate limit): when to try again (Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** A 429 that says when the window that refused it ends. */
export function rateLimited(message: string, retryAfterMs: number): AppError {
  return new AppError('rate_limited', message, undefined, Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
