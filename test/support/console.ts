// Console helpers for tests: make an account, sign in through the real form, and post console
// forms as a browser on our own page would (cookie, CSRF token, Sec-Fetch-Site).
import type { StaffRole } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { createStaffUser } from '../../src/domain/staff-users';
import { type TestEnv, uniqueEmail } from './harness';

export interface Account {
  email: string;
  password: string;
  role: StaffRole;
}

export interface SignedIn extends Account {
  /** The Cookie header value. */
  cookie: string;
  /** A CSRF token for this session, read from a page. */
  csrf: string;
}

export const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:8787' };

export async function makeAccount(
  env: TestEnv,
  role: StaffRole,
  password = 'a long enough password',
): Promise<Account> {
  const email = uniqueEmail(role);
  await createStaffUser({
    ctx: domainContext(env.deps),
    input: { email, role, password, actor: { type: 'cli', id: null } },
  });
  return { email, password, role };
}

/** The value of the hidden `csrf` field on a page. */
export function csrfOf(html: string): string {
  const match = html.match(/name="csrf" value="([^"]+)"/);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Posts a console form: urlencoded, from our own page unless `headers` says otherwise. */
export function postForm(
  env: TestEnv,
  path: string,
  fields: Record<string, string>,
  opts: { cookie?: string; headers?: Record<string, string>; ip?: string } = {},
): Promise<Response> {
  return Promise.resolve(
    env.app.request(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...SAME_ORIGIN,
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
        ...(opts.ip ? { 'x-forwarded-for': opts.ip } : {}),
        ...opts.headers,
      },
      body: form(fields),
    }),
  );
}

/** Signs in through GET and POST /admin/login, as a browser does. */
export async function signIn(env: TestEnv, account: Account, opts: { ip?: string } = {}): Promise<SignedIn> {
  const page = await env.app.request('/admin/login');
  const res = await postForm(
    env,
    '/admin/login',
    { csrf: csrfOf(await page.text()), email: account.email, password: account.password },
    opts,
  );
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const home = await env.app.request('/admin', { headers: { cookie } });
  return { ...account, cookie, csrf: csrfOf(await home.text()) };
}

export async function signedIn(env: TestEnv, role: StaffRole): Promise<SignedIn> {
  return signIn(env, await makeAccount(env, role));
}
