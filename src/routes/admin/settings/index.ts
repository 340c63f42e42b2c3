// The admin-only console pages: API keys and webhook endpoints (their delivery log and retry).
// Connectors (issue 15) add their pages beside these.
import type { AppDeps } from '../../../deps';
import type { Router } from '../../../http/router';
import { registerKeyPages } from './keys';
import { registerWebhookPages } from './webhooks';

export function registerSettingsPages(router: Router, deps: AppDeps) {
  registerKeyPages(router, deps);
  registerWebhookPages(router, deps);
}
