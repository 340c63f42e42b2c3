// Is a form POST coming from one of our own pages? A second line of defence behind the signed
// form token (which only someone holding the link can get): browsers say where a request
// came from in Sec-Fetch-Site and Origin, and a page on another site cannot forge them.
//
// Rules:
// - Sec-Fetch-Site, when sent, must be `same-origin` (our page) or `none` (typed or bookmarked).
// - Origin, when sent, must be PUBLIC_URL's origin or the origin the request was made to.
// - Origin `null` is what browsers send for our own forms, because our pages use
//   `Referrer-Policy: no-referrer`. It is accepted unless Sec-Fetch-Site says another site;
//   without fetch metadata (older browsers, scripts) the form token alone decides.

import type { Context } from 'hono';

export interface OriginHeaders {
  origin?: string | null;
  secFetchSite?: string | null;
}

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
