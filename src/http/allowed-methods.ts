// Which methods a path answers, read from the routes the app registered (so a new route is
// covered without anyone keeping a list): the error layer answers 405 with `Allow` for a known
// path asked for with another method, and 404 only for a path nothing answers.
import { METHOD_NAME_ALL } from 'hono/router';
import { TrieRouter } from 'hono/router/trie-router';

export interface RegisteredRoute {
  method: string;
  path: string;
}

/**
 * Builds the lookup once from the app's routes. Middleware (`use`, method ALL) is left out: it
 * runs for many paths but answers none of them.
 */
export function allowedMethodsFor(routes: readonly RegisteredRoute[]): (path: string) => string[] {
  // The same router Hono matches with, so `/u/:token` means here what it means there.
  const router = new TrieRouter<string>();
  const methods = new Set<string>();
  for (const { method, path } of routes) {
    if (method === METHOD_NAME_ALL) continue;
    router.add(method, path, method);
    methods.add(method);
  }
  return (path) => {
    const allowed = [...methods].filter((method) => router.match(method, path)[0].length > 0);
    // Hono answers HEAD with every GET route.
    if (allowed.includes('GET')) allowed.splice(allowed.indexOf('GET') + 1, 0, 'HEAD');
    return allowed;
  };
}
