// One error envelope for the whole API: { "error": { "code", "message", "details"? } }.
// Domain errors carry a code from the closed set in domain/errors.ts; this maps each to its
// HTTP status and the headers that status asks for. The browser routes get the same error
// as a page instead. Anything unexpected is logged with the request id and answered with a
// generic 500 that leaks nothing.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { Config } from '../config';
import { describeError, isDatabaseOutage } from '../db/errors';
import type { Brand } from '../domain/brands';
import { AppError, type ErrorCode, errorCodes } from '../domain/errors';
import type { Logger } from '../logger';
import { ErrorPage } from '../web/error-page';
import { chooseLocale, t } from '../web/i18n';
import { applyPageHeaders, chosenBrand, type PageBrandEnv } from '../web/page-headers';
import { allowedMethodsFor, type RegisteredRoute } from './allowed-methods';
import { isFormType } from './content-type';

export const statusOf: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
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

/** The public pages: unsubscribe, confirmation and preference center. Their errors are pages too. */
function isBrowserPath(path: string): boolean {
  return /^\/[ucp](\/|$)/.test(path);
}

const acceptsHtml = (c: Context) => /\btext\/html\b/i.test(c.req.header('accept') ?? '');

/**
 * A website's sign-up form without JavaScript, posted by a browser straight to the sign-up
 * endpoint: the person gets a page they can read, as on the browser routes, rather than JSON.
 */
const isSignUpFormPost = (c: Context) =>
  c.req.path === '/v1/subscribe' && isFormType(c.req.header('content-type')) && acceptsHtml(c);

// How long a client should wait when the error does not say (seconds).
const DEFAULT_RETRY_AFTER: Partial<Record<ErrorCode, number>> = { rate_limited: 60, service_unavailable: 5 };

/**
 * The headers HTTP asks for with some statuses: a 401 names the schemes to authenticate with
 * (RFC 6750 for keys: `invalid_token` when a key was sent and is wrong; a signed webhook has no
 * registered scheme, so it is named for what it is), a 405 lists the methods the
 * path takes, and a 429 or 503 says when to try again.
 */
function errorHeaders(c: Context, err: AppError, allow?: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  if (err.code === 'unauthorized') {
    const challenges = (err.accepts ?? ['api-key']).map((credential) =>
      credential === 'webhook-signature'
        ? 'Webhook-Signature realm="mailprefs"'
        : c.req.header('authorization')
          ? 'Bearer realm="mailprefs", error="invalid_token"'
          : 'Bearer realm="mailprefs"',
    );
    headers['WWW-Authenticate'] = challenges.join(', ');
  }
  if (err.code === 'method_not_allowed' && allow) headers.Allow = allow.join(', ');
  const retryAfter = err.retryAfterSeconds ?? DEFAULT_RETRY_AFTER[err.code];
  if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
  return headers;
}

export interface ErrorLayerDeps {
  logger: Logger;
  brand: Config['brand'];
  /** Told about every query that failed because the database could not be used (healthz). */
  onDatabaseOutage?(): void;
  /** Renders an error under /admin as a console page (console/error-response.tsx). */
  consolePage?(c: Context, err: AppError, status: ContentfulStatusCode): Promise<Response>;
  /** The brand of a page no route answered (by `?brand=` or host); the default one if it fails. */
  brandFor?(c: Context): Promise<Brand>;
}

/** The console's paths: their errors are console pages. */
function isConsolePath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}

/**
 * The app's onError and notFound handlers: every refusal and failure is answered here, in the
 * envelope for the API and as a page (with the page headers) for the browser routes and for
 * unknown paths a browser asks for. `routes` gives the registered routes, read on first use.
 */
export function createErrorLayer(deps: ErrorLayerDeps, routes: () => readonly RegisteredRoute[]) {
  const respond = (
    c: Context,
    err: AppError,
    opts: { page: boolean; allow?: string[]; signUpForm?: boolean },
  ) => {
    for (const [name, value] of Object.entries(errorHeaders(c, err, opts.allow))) c.header(name, value);
    const status = statusOf[err.code];
    if (deps.consolePage && isConsolePath(c.req.path)) return deps.consolePage(c, err, status);
    if (!opts.page) return c.json(errorBody(err.code, err.message, err.details), status);
    const m = t(
      chooseLocale({ query: c.req.query('lang'), acceptLanguage: c.req.header('accept-language') }),
    );
    // The brand the route had chosen before it failed, else the default one.
    const brand = chosenBrand(c) ?? deps.brand;
    applyPageHeaders(c, brand);
    const { signUpForm } = opts;
    return c.html(
      ErrorPage({ m, brand, code: err.code, retryAfterSeconds: err.retryAfterSeconds, signUpForm }),
      status,
    );
  };

  let allowedMethods: ((path: string) => string[]) | undefined;

  const notFound = async (c: Context) => {
    allowedMethods ??= allowedMethodsFor(routes());
    const path = c.req.path;
    const allow = allowedMethods(path);
    if (deps.brandFor && (isBrowserPath(path) || acceptsHtml(c))) {
      const brand = await deps.brandFor(c).catch(() => undefined);
      if (brand) (c as Context<PageBrandEnv>).set('pageBrand', brand);
    }
    if (allow.length > 0) {
      const err = new AppError(
        'method_not_allowed',
        `${c.req.method} is not allowed here; use ${allow.join(', ')}`,
      );
      return respond(c, err, { page: isBrowserPath(path), allow });
    }
    return respond(c, new AppError('not_found', 'no such route'), {
      page: isBrowserPath(path) || acceptsHtml(c),
    });
  };

  const onError = (err: Error, c: Context) => {
    const signUpForm = isSignUpFormPost(c);
    const page = isBrowserPath(c.req.path) || signUpForm;
    const appError =
      err instanceof AppError ? err : err instanceof HTTPException ? fromHttpException(err) : undefined;
    if (appError && appError.code !== 'internal_error') return respond(c, appError, { page, signUpForm });
    if (isDatabaseOutage(err)) {
      deps.onDatabaseOutage?.();
      deps.logger.warn('database unavailable', {
        requestId: c.get('requestId'),
        path: c.req.routePath,
        error: describeError(err),
      });
      return respond(c, databaseUnavailable(), { page, signUpForm });
    }
    deps.logger.error('unhandled error', {
      requestId: c.get('requestId'),
      path: c.req.routePath,
      error: describeError(err),
    });
    return respond(c, internal(), { page, signUpForm });
  };

  return { onError, notFound };
}
