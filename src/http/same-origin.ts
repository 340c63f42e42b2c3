// Is a form POST coming from one of our own pages? A second line of defence behind the signed
// form token: browsers name a request's origin in Sec-Fetch-Site and Origin, and another site's
// page cannot forge them.
import type { Context } from 'hono';

export interface OriginHeaders {
  origin?: string | null;
  secFetchSite?: string | null;
}

/**
 * Sec-Fetch-Site, when sent, must be `same-origin` or `none` (typed or bookmarked); Origin, when
 * sent, one of `allowedOrigins`. Origin `null` passes: our pages' `Referrer-Policy: no-referrer`
 * makes browsers send it for our own forms. Without fetch metadata the form token alone decides.
 */
export function isSameOriginPost(headers: OriginHeaders, allowedOrigins: readonly string[]): boolean {
  const site = headers.secFetchSite?.trim().toLowerCase();
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = headers.origin?.trim();
  if (!origin || origin === 'null') return true;
  return allowedOrigins.some((allowed) => sameOrigin(origin, allowed));
}

/**
 * For a form POST to this service: does it come from one of our own pages? Our origins are
 * PUBLIC_URL's and the one the request was made to (a local or proxied address).
 */
export function isOwnPagePost(c: Context, publicUrl: string): boolean {
  return isSameOriginPost({ origin: c.req.header('origin'), secFetchSite: c.req.header('sec-fetch-site') }, [
    publicUrl,
    new URL(c.req.url).origin,
  ]);
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
