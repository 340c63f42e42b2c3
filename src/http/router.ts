// The Hono types and factories every route module uses. `createRouter()` gives an OpenAPIHono
// whose validation failures become our error envelope, so no route handles them itself.
import type { Brand } from '../domain/brands';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { PublicApiKey } from '../domain/api-keys';
import { validationError } from './errors';

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The API key (or ADMIN_API_KEY) that authenticated this request, if any. */
    apiKey?: PublicApiKey;
    /** The brand a public page is shown in, once its route knows it (the page headers read it). */
    pageBrand?: Brand;
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
