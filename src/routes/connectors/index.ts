// Mailing-tool connectors, admin API, and the tools' inbound calls.
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { registerConnectorActivity } from './activity';
import { registerCreateConnector } from './create';
import { registerDeleteConnector } from './delete';
import { registerGetConnector } from './get';
import { registerConnectorInbound } from './inbound';
import { registerListConnectors } from './list';
import { registerSyncConnector } from './sync';
import { registerUpdateConnector } from './update';

export function registerConnectorRoutes(router: Router, deps: AppDeps) {
  registerCreateConnector(router, deps);
  registerListConnectors(router, deps);
  registerGetConnector(router, deps);
  registerUpdateConnector(router, deps);
  registerDeleteConnector(router, deps);
  registerConnectorActivity(router, deps);
  registerSyncConnector(router, deps);
  registerConnectorInbound(router, deps);
}
