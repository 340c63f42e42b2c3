// The Hono types and factories every route module uses. `createRouter()` gives an OpenAPIHono
// whose validation failures become our error envelope, so no route handles them itself.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { PublicApiKey } from '../domain/api-keys';
import type { SignedInStaff } from '../domain/staff-sessions';
import { validationError } from './errors';

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The API key (or ADMIN_API_KEY) that authenticated this request, if any. */
    apiKey?: PublicApiKey;
    /** The console user and session of this request (console/guard.ts), if signed in. */
    staff?: SignedInStaff;
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
