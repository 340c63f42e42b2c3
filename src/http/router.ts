// The Hono types and factories every route module uses. `createRouter()` gives an OpenAPIHono
// whose validation failures become our error envelope, so no route handles them itself.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { PublicApiKey } from '../domain/api-keys';
import { validationError } from './errors';

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The API key (or ADMIN_API_KEY) that authenticated this request, if any. */
    apiKey?: PublicApiKey;
  };
}

export type Router = OpenAPIHono<AppEnv>;

export function createRouter(): Router {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
}
