// GET /openapi.json, generated from the zod schemas that validate requests, and GET /docs,
// which renders it.
import { Scalar } from '@scalar/hono-api-reference';
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';

export function registerDocs(router: Router, deps: AppDeps) {
  router.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: ADMIN_API_KEY, the key shown on first start, or one made with POST /v1/keys',
  });
  router.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'mailprefs API',
      version: '1',
      description:
        'Email preferences, one-click unsubscribe, consent trail and pre-send suppression. Errors always come as { "error": { "code", "message", "details"? } }.',
    },
    servers: [{ url: deps.config.publicUrl }],
  });
  router.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'mailprefs API' }));
}
