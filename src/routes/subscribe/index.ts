// Public sign-up: POST /v1/subscribe, with CORS for the configured ALLOWED_ORIGINS only.
import { cors } from 'hono/cors';
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { registerSubscribePost } from './post';

export function registerSubscribeRoutes(router: Router, deps: AppDeps) {
  const origins = new Set(deps.config.allowedOrigins);
  router.use(
    '/v1/subscribe',
    cors({
      origin: (origin) => (origins.has(origin) ? origin : null),
      allowMethods: ['POST'],
      allowHeaders: ['Content-Type'],
      maxAge: 600,
    }),
  );
  registerSubscribePost(router, deps);
}
