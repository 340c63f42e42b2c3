// /docs serves the pinned API reference from this host only: the page, its start script and the
// bundle from the installed package, with a CSP that allows nothing else. (test/e2e/docs.test.ts
// opens it in a browser; test/worker/worker.test.ts checks the Worker's static asset.)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scalarBundleFile } from '../../src/node/docs-bundle';
import { SCALAR_BUNDLE_PATH, SCALAR_VERSION } from '../../src/routes/system/docs-bundle';
import { createTestEnv, type TestEnv } from '../support/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

describe('GET /docs', () => {
  it('is a page whose scripts, styles and requests may come from this host only', async () => {
    const res = await env.app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name, ...sources] = d.trim().split(/\s+/);
        return [name, sources];
      }),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    for (const sources of Object.values(directives)) {
      for (const source of sources)
        expect(["'self'", "'none'", "'unsafe-inline'", 'data:']).toContain(source);
    }

    const html = await res.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const loaded = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(loaded).toEqual(['/openapi.json', SCALAR_BUNDLE_PATH, '/docs/init.js']);
    expect(html).not.toMatch(/<script>|<style|https?:\/\//);
  });

  it('starts the reference with everything that would call scalar.com switched off', async () => {
    const res = await env.app.request('/docs/init.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const script = await res.text();
    const config = JSON.parse(/createApiReference\('#app', (.*)\);/.exec(script)![1]);
    expect(config).toMatchObject({
      url: '/openapi.json',
      withDefaultFonts: false,
      telemetry: false,
      agent: { disabled: true },
      mcp: { disabled: true },
    });
  });
});

describe('the reference bundle', () => {
  it('is the installed @scalar/api-reference, the version package.json pins', () => {
    const require = createRequire(import.meta.url);
    const installed = JSON.parse(
      readFileSync(join(dirname(dirname(require.resolve('@scalar/api-reference'))), 'package.json'), 'utf8'),
    ) as { version: string };
    const ours = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    expect(installed.version).toBe(SCALAR_VERSION);
    expect(ours.dependencies['@scalar/api-reference']).toBe(SCALAR_VERSION);
    expect(SCALAR_BUNDLE_PATH).toBe(`/docs/scalar/${SCALAR_VERSION}/standalone.js`);
  });

  it('is served as JavaScript under its versioned path, cached for good, gzipped when asked', async () => {
    const file = readFileSync(scalarBundleFile());
    const plain = await env.app.request(SCALAR_BUNDLE_PATH);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer()).equals(file)).toBe(true);

    const zipped = await env.app.request(SCALAR_BUNDLE_PATH, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    const body = Buffer.from(await zipped.arrayBuffer());
    expect(body.length).toBeLessThan(file.length / 2);
    expect(gunzipSync(body).equals(file)).toBe(true);
  });

  it('answers 404 for any other version', async () => {
    const res = await env.app.request('/docs/scalar/0.0.1/standalone.js');
    expect(res.status).toBe(404);
  });
});
