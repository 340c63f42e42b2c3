// The subscriber's own pages: the preference center (/p/{token}) with "Download my data" and
// "Delete my data", and "email me a link" (/p).
// Every response under /p carries the strict page headers and never a cookie.
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { pageHeaders } from '../../web/page-headers';
import { registerPreferencePage } from './page';
import { registerRequestLink } from './request-link';
import { registerYourData } from './your-data';

export function registerPreferenceRoutes(router: Router, deps: AppDeps) {
  const headers = pageHeaders(deps.config.brand);
  router.use('/p', headers);
  router.use('/p/*', headers);
  registerRequestLink(router, deps);
  registerPreferencePage(router, deps);
  registerYourData(router, deps);
}
