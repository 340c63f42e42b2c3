// Links: signed unsubscribe and preference URLs plus List-Unsubscribe headers for mailings
// (admin keys or keys with the `links` scope).
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { registerIssueLinkBatch } from './batch';
import { registerIssueLinks } from './issue';

export function registerLinkRoutes(router: Router, deps: AppDeps) {
  registerIssueLinks(router, deps);
  registerIssueLinkBatch(router, deps);
}
