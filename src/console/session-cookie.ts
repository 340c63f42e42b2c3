// The console's session cookie: HttpOnly and SameSite=Strict always; on an https PUBLIC_URL
// also Secure and `__Host-` prefixed (which pins it to this host and Path=/). It lives as long
// as a session may (the absolute limit); the server ends it sooner when it goes idle.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import type { Config } from '../config';

export const SESSION_COOKIE = 'mailprefs_session';

const isHttps = (config: Config) => config.publicUrl.startsWith('https:');

function options(config: Config): CookieOptions {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(config),
    ...(isHttps(config) ? { prefix: 'host' as const } : {}),
  };
}

/** The full cookie name as browsers send it. */
export function sessionCookieName(config: Config): string {
  return isHttps(config) ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

export function readSessionCookie(c: Context, config: Config): string | undefined {
  const value = isHttps(config) ? getCookie(c, SESSION_COOKIE, 'host') : getCookie(c, SESSION_COOKIE);
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
}

export function writeSessionCookie(c: Context, config: Config, secret: string): void {
  setCookie(c, SESSION_COOKIE, secret, {
    ...options(config),
    maxAge: Math.floor(config.console.absoluteMs / 1000),
  });
}

export function clearSessionCookie(c: Context, config: Config): void {
  deleteCookie(c, SESSION_COOKIE, options(config));
}
