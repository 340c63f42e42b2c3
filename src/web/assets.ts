// Static assets the pages use; served by the app itself so pages load nothing external.
// `?accent=rrggbb` gives the stylesheet in a brand's colour (the layout links it so, the page
// headers allow only our own stylesheets); anything else gets the default brand's.
import type { AppDeps } from '../deps';
import { isHexColour } from '../domain/contrast';
import type { Router } from '../http/router';
import { stylesheet } from './style';

export function registerAssets(router: Router, deps: AppDeps) {
  const css = stylesheet(deps.config.brand.accent);
  router.get('/assets/style.css', (c) => {
    const asked = `#${c.req.query('accent') ?? ''}`;
    return c.body(isHexColour(asked) ? stylesheet(asked) : css, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    });
  });
}
