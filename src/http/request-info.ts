// What a request tells us about who made it, for the consent trail: the client IP (the
// domain truncates it before storing) and the user agent.
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import type { ConsentContext } from '../domain/consent';

export function requestConsent(
  c: Context,
  deps: AppDeps,
  source: string,
): Pick<ConsentContext, 'source' | 'ip' | 'userAgent'> {
  return {
    source,
    ip: deps.clientIp(c.req.raw, c.env),
    userAgent: c.req.header('user-agent') ?? null,
  };
}
