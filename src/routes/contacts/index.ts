// Contacts: staff create, update and read contacts, and record unsubscribe requests (admin API).
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { registerGetContact } from './get';
import { registerStaffUnsubscribe } from './unsubscribe';
import { registerUpsertContact } from './upsert';

export function registerContactRoutes(router: Router, deps: AppDeps) {
  registerUpsertContact(router, deps);
  registerGetContact(router, deps);
  registerStaffUnsubscribe(router, deps);
}
