// Which brand a public page is shown in: the one its link's topic or token names, the one the
// `/p` request's host or `?brand=` names, else the default brand. The route tells the context,
// so the page headers allow that brand's logo.
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import { type Brand, brandOfHost, brandOrDefault, listBrands, mailingBrands } from '../domain/brands';
import { findTopic } from '../domain/topics';
import { chosenBrand, type PageBrandEnv } from './page-headers';

/** The brand named by `key` (the default one when unknown or absent), remembered for the headers. */
export async function pageBrand(c: Context, deps: AppDeps, key: string | null | undefined): Promise<Brand> {
  const brand = await brandOrDefault({ ctx: deps, input: { key, fallback: deps.config.brand } });
  (c as Context<PageBrandEnv>).set('pageBrand', brand);
  return brand;
}

/** For pages no link points at (`/p`, error pages): `?brand=`, else the host's brand, else the default. */
export async function requestedBrand(c: Context, deps: AppDeps): Promise<Brand> {
  const asked = c.req.query('brand');
  if (asked) return pageBrand(c, deps, asked);
  const all = await listBrands({ ctx: deps, input: { fallback: deps.config.brand } });
  // The request's own URL: Node builds it from the Host header, Workers from the request.
  const byHost = brandOfHost(all, new URL(c.req.url).host);
  return pageBrand(c, deps, byHost?.key);
}

/**
 * For the page of a link that no longer works: the brand a genuine but expired link was made
 * for (its signature still proves that), else the brand already chosen for this request, else
 * the one `/p` would show. Forged or cut links name nothing.
 */
export async function brokenLinkBrand(
  c: Context,
  deps: AppDeps,
  token: string | undefined,
  purpose: 'unsubscribe' | 'preferences',
): Promise<Brand> {
  const chosen = chosenBrand(c);
  if (chosen) return chosen;
  const claims = token
    ? await deps.signer.verify(token, purpose, { maxAgeMs: Number.POSITIVE_INFINITY }).catch(() => null)
    : null;
  if (!claims) return requestedBrand(c, deps);
  const topic = claims.topic ? await findTopic({ ctx: deps, input: { key: claims.topic } }) : null;
  return pageBrand(c, deps, topic?.brand ?? claims.brand);
}

/** The names of the brands that mail, for the choice that stops mail from all of them. */
export async function brandNames(deps: AppDeps): Promise<string[]> {
  return (await mailingBrands({ ctx: deps, input: { fallback: deps.config.brand } })).map((b) => b.name);
}
