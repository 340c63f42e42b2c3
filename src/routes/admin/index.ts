// The console (/admin): sign-in and sign-out, the overview, the contact pages, the audit log and
// (admins only) the users. The
// shell (layout, guard, forms, messages) is in src/console/; each page is one file here.
import { registerConsoleShell } from '../../console/routes';
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { registerConsoleAudit } from './audit';
import { registerConsoleContacts } from './contacts';
import { registerHome } from './home';
import { registerImportPages } from './import';
import { registerLogin } from './login';
import { registerLogout } from './logout';
import { registerOutboxPage } from './outbox';
import { registerRequestPages } from './requests';
import { registerSettingsPages } from './settings';
import { registerTopicPages } from './topics';
import { registerConsoleUsers } from './users';

export function registerAdminRoutes(router: Router, deps: AppDeps) {
  registerConsoleShell(router, deps);
  registerLogin(router, deps);
  registerLogout(router, deps);
  registerHome(router, deps);
  registerConsoleContacts(router, deps);
  registerConsoleAudit(router, deps);
  registerConsoleUsers(router, deps);
  registerRequestPages(router, deps);
  registerTopicPages(router, deps);
  registerImportPages(router, deps);
  registerOutboxPage(router, deps);
  registerSettingsPages(router, deps);
}
