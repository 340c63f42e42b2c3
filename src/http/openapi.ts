// Helpers for declaring routes: JSON bodies and the shared error responses that every route
// definition spreads in, so /openapi.json documents the envelope everywhere.
import { z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { ErrorEnvelope } from './errors';

export function jsonContent<T extends ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

export function jsonBody<T extends ZodType>(schema: T) {
  return { content: { 'application/json': { schema } }, required: true } as const;
}

const errorDescriptions = {
  400: 'Invalid request: malformed JSON or a field that fails validation',
  401: 'Missing or wrong API key',
  403: 'The API key lacks the scope this route needs',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'Body larger than the configured limit',
  415: 'Wrong content type',
  429: 'Too many requests',
  503: 'The database cannot answer now; retry later',
} as const;
type ErrorStatus = keyof typeof errorDescriptions;

export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((s) => [s, jsonContent(ErrorEnvelope, errorDescriptions[s])])) as {
    [K in S]: ReturnType<typeof jsonContent<typeof ErrorEnvelope>>;
  };
}

/** The errors any authenticated JSON route can answer with. */
export const apiErrors = errorResponses(400, 401, 403, 413, 415);

/** A server-rendered HTML page, for the public pages declared alongside the API. */
export function htmlContent(description: string) {
  return { content: { 'text/html': { schema: z.string() } }, description };
}
