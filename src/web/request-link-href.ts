// Where a person asks for a fresh link: `/p`, in the page's language and, unless it is the
// default one, the page's brand, so the mailed link comes from the brand they were looking at
// whatever host they are on. The invalid-link page, the error page and /p's own form use it.
import { DEFAULT_BRAND } from '../domain/brand';

export function requestLinkHref(lang: string | undefined, brandKey: string | undefined): string {
  const params = new URLSearchParams();
  if (lang) params.set('lang', lang);
  if (brandKey && brandKey !== DEFAULT_BRAND) params.set('brand', brandKey);
  const query = params.toString();
  return query ? `/p?${query}` : '/p';
}
