// Static assets the pages use; served by the app itself so pages load nothing external.
import type { AppDeps } from '../deps';
import type { Router } from '../http/router';
import { stylesheet } from './style';

export function registerAssets(router: Router, deps: AppDeps) {
  const css = stylesheet(deps.config.brand.accent);
  router.get('/assets/style.css', (c) =>
    c.body(css, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }),
  );
}
