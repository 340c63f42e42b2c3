// One error envelope for the whole API: { "error": { "code", "message", "details"? } }.
// Domain errors carry a code from the closed set in domain/errors.ts; this maps each to its
// HTTP status. Anything unexpected is logged with the request id and answered with a
// generic 500 that leaks nothing.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { describeError, isDatabaseOutage } from '../db/errors';
import { AppError, type ErrorCode, errorCodes } from '../domain/errors';
import type { Logger } from '../logger';

export const statusOf: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  opted_out: 409,
  erased: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_token: 400,
  rate_limited: 429,
  service_unavailable: 503,
  internal_error: 500,
};

export const ErrorEnvelope = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export type ErrorBody = z.infer<typeof ErrorEnvelope>;

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export function errorResponse(c: Context, err: AppError, headers?: Record<string, string>) {
  return c.json(errorBody(err.code, err.message, err.details), statusOf[err.code], headers);
}

/** Validation errors name the field, in our words, not the validator's raw output. */
export function validationError(error: ZodError, where: string): AppError {
  const details = error.issues.map((i) => ({
    field: i.path.length ? i.path.join('.') : where,
    // zod's wording for a missing field ("expected string, received undefined") helps nobody.
    message: i.code === 'invalid_type' && /received undefined/.test(i.message) ? 'is required' : i.message,
  }));
  const first = details[0];
  return new AppError('validation_failed', `${first.field}: ${first.message}`, details);
}

/** Maps HTTPExceptions thrown by Hono middleware (body limit, JSON parsing) to our codes. */
function fromHttpException(err: HTTPException): AppError {
  switch (err.status) {
    case 400:
      return /json/i.test(err.message)
        ? new AppError('invalid_json', 'the request body is not valid JSON')
        : new AppError('bad_request', err.message || 'bad request');
    case 401:
      return new AppError('unauthorized', err.message || 'unauthorized');
    case 413:
      return new AppError('payload_too_large', 'the request body is too large');
    case 415:
      return new AppError('unsupported_media_type', err.message || 'unsupported content type');
    default:
      return err.status < 500 ? new AppError('bad_request', err.message || 'bad request') : internal();
  }
}

const internal = () => new AppError('internal_error', 'something went wrong on our side');
const databaseUnavailable = () =>
  new AppError('service_unavailable', 'the database cannot answer right now; retry later');

export function onError(logger: Logger) {
  return (err: Error, c: Context) => {
    const appError =
      err instanceof AppError ? err : err instanceof HTTPException ? fromHttpException(err) : undefined;
    if (appError && appError.code !== 'internal_error') {
      if (appError.code === 'service_unavailable') {
        return errorResponse(c, appError, { 'Retry-After': '5' });
      }
      return errorResponse(c, appError);
    }
    if (isDatabaseOutage(err)) {
      logger.warn('database unavailable', {
        requestId: c.get('requestId'),
        path: c.req.routePath,
        error: describeError(err),
      });
      return errorResponse(c, databaseUnavailable(), { 'Retry-After': '5' });
    }
    logger.error('unhandled error', {
      requestId: c.get('requestId'),
      path: c.req.routePath,
      error: describeError(err),
    });
    return errorResponse(c, internal());
  };
}
