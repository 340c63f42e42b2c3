// The admin-only console pages: API keys, connectors (activity and sync) and webhook endpoints
// (their delivery log and retry).
import type { AppDeps } from '../../../deps';
import type { Router } from '../../../http/router';
import { registerConnectorPages } from './connectors';
import { registerKeyPages } from './keys';
import { registerWebhookPages } from './webhooks';

export function registerSettingsPages(router: Router, deps: AppDeps) {
  registerKeyPages(router, deps);
  registerConnectorPages(router, deps);
  registerWebhookPages(router, deps);
}
