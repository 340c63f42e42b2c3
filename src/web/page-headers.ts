// Headers for every public page. The pages hold tokens in their URL and forms, so nothing may
// leak them (no referrer, no caching, no framing), and they load nothing from elsewhere but
// the brand's logo. The error layer puts the same headers on the error pages it renders.
import type { Context, MiddlewareHandler } from 'hono';
import type { Brand } from '../domain/brand';

/** The context variable a route sets once it knows the page's brand (web/page-brand.ts). */
export type PageBrandEnv = { Variables: { pageBrand?: Brand } };

/** The brand the route chose for this request's page, if it has chosen one yet. */
export function chosenBrand(c: Context): Brand | undefined {
  return (c as Context<PageBrandEnv>).get('pageBrand');
}

/** Sets the page headers on the answer `c` is making, and removes any cookie. */
export function applyPageHeaders(c: Context, fallback: Pick<Brand, 'logoUrl'>): void {
  applySecurityHeaders(c, chosenBrand(c) ?? fallback);
  // These pages never set cookies; removing any guards against a middleware adding one.
  c.header('Set-Cookie', undefined);
}

/** The page headers without the cookie rule: the console shares them and keeps its session cookie. */
export function applySecurityHeaders(c: Context, brand: Pick<Brand, 'logoUrl'>): void {
  const img = imgSources(brand);
  const csp = [
    "default-src 'none'",
    "style-src 'self'",
    `img-src ${img}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  c.header('Content-Security-Policy', csp);
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
}

const imgSources = (brand: Pick<Brand, 'logoUrl'>) =>
  ["'self'", brand.logoUrl ? new URL(brand.logoUrl).origin : undefined].filter(Boolean).join(' ');

/** The page headers, for the brand the route chose (pageBrand) or else `fallback`. */
export function pageHeaders(fallback: Pick<Brand, 'logoUrl'>): MiddlewareHandler {
  return async (c, next) => {
    // Set before the route answers, so they go into the answer it makes. Set on a finished
    // answer, each header makes Hono copy the whole Response (~0.1 ms a one-click, bench/README.md),
    // so that is done only when the first set is not right: another brand's logo, a cookie, or
    // an answer not made through the context.
    applySecurityHeaders(c, fallback);
    await next();
    const brand = chosenBrand(c);
    const headers = c.res.headers;
    if (
      (brand && imgSources(brand) !== imgSources(fallback)) ||
      headers.has('set-cookie') ||
      !headers.has('content-security-policy')
    ) {
      applyPageHeaders(c, fallback);
    }
  };
}
