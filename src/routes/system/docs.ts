// GET /openapi.json, generated from the zod schemas that validate requests, and GET /docs,
// which renders it with the Scalar API reference. Everything /docs loads comes from this host:
// the pinned bundle (see docs-bundle.ts), a small start script and the document itself.
import type { Context } from 'hono';
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { type DocsBundle, SCALAR_BUNDLE_PATH } from './docs-bundle';
import { OPENAPI_ASSET_PATH } from './openapi-prebuilt';

const INIT_PATH = '/docs/init.js';

// The reference's own defaults reach for scalar.com (fonts, telemetry, the AI agent, MCP
// links); each is switched off so the page never talks to anyone but us.
const referenceConfig = {
  url: '/openapi.json',
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: 'never',
};
const initScript = `Scalar.createApiReference('#app', ${JSON.stringify(referenceConfig)});\n`;

export function registerDocs(router: Router, deps: AppDeps) {
  router.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: ADMIN_API_KEY, the key shown on first start, or one made with POST /v1/keys',
  });
  if (deps.openApiDocument) {
    const read = deps.openApiDocument;
    // The generator's answer, byte for byte: its JSON, under c.json's content type.
    router.get(OPENAPI_ASSET_PATH, async (c) =>
      c.body(await read(), 200, { 'Content-Type': 'application/json' }),
    );
  } else {
    router.doc31(OPENAPI_ASSET_PATH, {
      openapi: '3.1.0',
      info: {
        title: 'mailprefs API',
        version: '1',
        description:
          'Email preferences, one-click unsubscribe, consent trail and pre-send suppression. Errors always come as { "error": { "code", "message", "details"? } }.',
        license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
      },
      servers: [{ url: deps.config.publicUrl }],
    });
  }

  router.get('/docs', (c) => {
    // Scripts only from this host. The reference sets inline styles as it renders (style
    // attributes and <style> elements without a nonce), so styles may be inline; with fonts and
    // images limited to this host, no stylesheet can reach another one.
    c.header(
      'Content-Security-Policy',
      [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
      ].join('; '),
    );
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-cache');
    return c.html(docsPage);
  });
  router.get(INIT_PATH, (c) =>
    c.body(initScript, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  );
  // The Worker has no bundle of its own: Cloudflare serves it from the static assets.
  if (deps.docsBundle) {
    const bundle = deps.docsBundle;
    router.get(SCALAR_BUNDLE_PATH, (c) => serveBundle(c, bundle));
  }
}

const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mailprefs API</title>
</head>
<body>
<div id="app"></div>
<noscript>The API reference needs JavaScript. The description itself is <a href="/openapi.json">/openapi.json</a>.</noscript>
<script src="${SCALAR_BUNDLE_PATH}"></script>
<script src="${INIT_PATH}"></script>
</body>
</html>
`;

async function serveBundle(c: Context, bundle: DocsBundle) {
  const { raw, gzip } = await bundle.read();
  const headers: Record<string, string> = {
    'Content-Type': 'text/javascript; charset=utf-8',
    // The path names the version, so a new version is a new URL.
    'Cache-Control': 'public, max-age=31536000, immutable',
    Vary: 'Accept-Encoding',
  };
  if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    return c.body(gzip, 200, { ...headers, 'Content-Encoding': 'gzip' });
  }
  return c.body(raw, 200, headers);
}
