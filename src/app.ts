// Builds the one Hono app both runtimes serve, from explicit dependencies. Route modules are
// registered here; each declares its own schemas, so /openapi.json covers every route.

import { consoleErrorResponder } from './console/error-response';
import { createOutageMemory } from './db/health';
import type { AppDeps } from './deps';
import { createErrorLayer } from './http/errors';
import { answerHeader, limitBody, requestId } from './http/middleware';
import { createRouter, type Router } from './http/router';
import { registerAdminRoutes } from './routes/admin';
import { registerAuditRoutes } from './routes/audit';
import { registerBrandRoutes } from './routes/brands';
import { registerConfirmRoutes } from './routes/confirm';
import { registerConnectorRoutes } from './routes/connectors';
import { registerContactRoutes } from './routes/contacts';
import { registerKeyRoutes } from './routes/keys';
import { registerLinkRoutes } from './routes/links';
import { registerPreferenceRoutes } from './routes/preferences';
import { registerPresendRoutes } from './routes/presend';
import { registerRequestRoutes } from './routes/requests';
import { registerSubscribeRoutes } from './routes/subscribe';
import { registerDocs } from './routes/system/docs';
import { registerHealth } from './routes/system/health';
import { registerTopicRoutes } from './routes/topics';
import { registerUnsubscribeRoutes } from './routes/unsubscribe';
import { registerWebhookEndpointRoutes } from './routes/webhook-endpoints';
import { registerResendWebhook } from './routes/webhooks/resend';
import { registerAssets } from './web/assets';
import { requestedBrand } from './web/page-brand';

export function createApp(deps: AppDeps): Router {
  const app = createRouter();
  app.use('*', requestId());
  app.use('*', (c, next) => answerHeader(c, next, 'X-Content-Type-Options', 'nosniff'));
  app.use('*', limitBody(deps.config.bodyLimitBytes));
  // Queries that failed because the database could not be used, for /healthz.
  const outages = createOutageMemory(deps.clock);
  const errors = createErrorLayer(
    {
      logger: deps.logger,
      brand: deps.config.brand,
      onDatabaseOutage: outages.note,
      consolePage: consoleErrorResponder(deps),
      brandFor: (c) => requestedBrand(c, deps),
    },
    () => app.routes,
  );
  app.onError(errors.onError);
  app.notFound(errors.notFound);

  registerHealth(app, deps, outages);
  registerBrandRoutes(app, deps);
  registerTopicRoutes(app, deps);
  registerContactRoutes(app, deps);
  registerKeyRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerRequestRoutes(app, deps);
  registerLinkRoutes(app, deps);
  registerUnsubscribeRoutes(app, deps);
  registerSubscribeRoutes(app, deps);
  registerConfirmRoutes(app, deps);
  registerResendWebhook(app, deps);
  registerPreferenceRoutes(app, deps);
  registerPresendRoutes(app, deps);
  registerWebhookEndpointRoutes(app, deps);
  registerConnectorRoutes(app, deps);
  registerAdminRoutes(app, deps);
  registerAssets(app, deps);
  registerDocs(app, deps);
  return app;
}
