// The console's contact pages: search, the contact, recording an unsubscribe, export, erasure.
import type { AppDeps } from '../../../deps';
import type { Router } from '../../../http/router';
import { registerContactData } from './data';
import { registerContactPage } from './page';
import { registerContactSearch } from './search';

export function registerConsoleContacts(router: Router, deps: AppDeps) {
  registerContactSearch(router, deps);
  registerContactPage(router, deps);
  registerContactData(router, deps);
}
