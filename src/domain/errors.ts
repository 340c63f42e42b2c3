// The closed set of error codes the service answers with. Domain code throws `AppError`
// with a code; the HTTP layer (src/http/errors.ts) maps each code to one status.
export const errorCodes = [
  'bad_request',
  'invalid_json',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
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
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
