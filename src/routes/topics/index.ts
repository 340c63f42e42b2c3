// Topics: the mailing purposes a company offers (admin API).
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { registerListTopics } from './list';
import { registerPutTopic } from './put';
import { registerTopicStats } from './stats';

export function registerTopicRoutes(router: Router, deps: AppDeps) {
  registerPutTopic(router, deps);
  registerListTopics(router, deps);
  registerTopicStats(router, deps);
}
