// Contacts: staff create, update, read, export and erase contacts, and record unsubscribe
// requests that arrive by mail or phone (admin API).
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { registerEraseContact } from './erase';
import { registerExportContact } from './export';
import { registerGetContact } from './get';
import { registerStaffUnsubscribe } from './unsubscribe';
import { registerUpsertContact } from './upsert';

export function registerContactRoutes(router: Router, deps: AppDeps) {
  registerUpsertContact(router, deps);
  registerGetContact(router, deps);
  registerStaffUnsubscribe(router, deps);
  registerExportContact(router, deps);
  registerEraseContact(router, deps);
}
