// Outbound webhooks, admin API: endpoints, their secrets, test events and the delivery log.
// (The inbound Resend webhook lives in routes/webhooks/.) The events themselves are declared
// under `webhooks` in the OpenAPI document (events-doc.ts).
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { registerCreateEndpoint } from './create';
import { registerDeleteEndpoint } from './delete';
import { registerListDeliveries } from './deliveries';
import { registerEventsDoc } from './events-doc';
import { registerGetEndpoint } from './get';
import { registerListEndpoints } from './list';
import { registerRetryDelivery } from './retry';
import { registerRotateSecret } from './rotate-secret';
import { registerTestEndpoint } from './test';
import { registerUpdateEndpoint } from './update';

export function registerWebhookEndpointRoutes(router: Router, deps: AppDeps) {
  registerCreateEndpoint(router, deps);
  registerListEndpoints(router, deps);
  registerGetEndpoint(router, deps);
  registerUpdateEndpoint(router, deps);
  registerDeleteEndpoint(router, deps);
  registerRotateSecret(router, deps);
  registerTestEndpoint(router, deps);
  registerListDeliveries(router, deps);
  registerRetryDelivery(router, deps);
  registerEventsDoc(router);
}
