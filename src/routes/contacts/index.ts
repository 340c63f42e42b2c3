// Contacts: staff create, update, read, export and erase contacts (admin API).
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { registerEraseContact } from './erase';
import { registerExportContact } from './export';
import { registerGetContact } from './get';
import { registerUpsertContact } from './upsert';

export function registerContactRoutes(router: Router, deps: AppDeps) {
  registerUpsertContact(router, deps);
  registerGetContact(router, deps);
  registerExportContact(router, deps);
  registerEraseContact(router, deps);
}
