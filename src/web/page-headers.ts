// Headers for every public page. The pages hold tokens in their URL and forms, so nothing may
// leak them (no referrer, no caching, no framing), and they load nothing from elsewhere.
import type { MiddlewareHandler } from 'hono';

export function pageHeaders(opts: { logoOrigin?: string } = {}): MiddlewareHandler {
  const img = ["'self'", opts.logoOrigin].filter(Boolean).join(' ');
  const csp = [
    "default-src 'none'",
    "style-src 'self'",
    `img-src ${img}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', csp);
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    // These pages never set cookies; removing any guards against a middleware adding one.
    c.res.headers.delete('Set-Cookie');
  };
}
