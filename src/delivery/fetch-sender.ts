// Sends webhook requests with fetch (Workers): no redirects followed, one deadline, the
// response body dropped unread. The target's name is resolved and checked before each send
// (see doh-resolver.ts for what that can and cannot promise on Workers).
import { checkTargetUrl, ipLiteral, TargetRefused, type TargetRules } from '../net/address-rules';
import type { HttpAnswer, HttpPost, HttpSender } from './http-sender';
import { createTargetUrlCheck, type HostResolver } from './target-check';

export function createFetchSender(
  rules: TargetRules,
  resolve: HostResolver,
  fetcher: typeof fetch = fetch,
): HttpSender {
  const check = createTargetUrlCheck(rules, resolve);
  return {
    async post(request: HttpPost): Promise<HttpAnswer> {
      try {
        const url = checkTargetUrl(request.url, rules);
        if (!rules.allowPrivate && !ipLiteral(url.hostname)) await check(request.url);
      } catch (err) {
        if (err instanceof TargetRefused || (err as { code?: string }).code === 'validation_failed') {
          const unresolved = /does not resolve/.test((err as Error).message);
          return { kind: 'failed', error: unresolved ? 'host not found' : 'address not allowed' };
        }
        throw err;
      }
      try {
        const res = await fetcher(request.url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(request.timeoutMs),
        });
        await res.body?.cancel();
        return {
          kind: 'response',
          status: res.status,
          retryAfter: res.headers.get('retry-after') ?? undefined,
        };
      } catch (err) {
        const name = (err as Error)?.name;
        return {
          kind: 'failed',
          error: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'connection failed',
        };
      }
    },
  };
}
