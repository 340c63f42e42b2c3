// The public unsubscribe routes under /u/{token}: the page (GET/HEAD), RFC 8058 one-click and
// the page's button (POST), the undo, the pause and the "why?" answer. No API key, no cookies; the signed token decides.
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { registerOneClick } from './one-click';
import { registerUnsubscribePage } from './page';
import { registerPause } from './pause';
import { registerLeaveReason } from './reason';
import { registerUndo } from './undo';

export function registerUnsubscribeRoutes(router: Router, deps: AppDeps) {
  registerUnsubscribePage(router, deps);
  registerOneClick(router, deps);
  registerUndo(router, deps);
  registerPause(router, deps);
  registerLeaveReason(router, deps);
}
