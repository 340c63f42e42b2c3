// Contacts: staff create, update and read contacts (admin API).
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { registerGetContact } from './get';
import { registerUpsertContact } from './upsert';

export function registerContactRoutes(router: Router, deps: AppDeps) {
  registerUpsertContact(router, deps);
  registerGetContact(router, deps);
}
