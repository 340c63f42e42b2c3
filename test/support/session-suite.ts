// The console's side of the shared auth suite: every operation the OpenAPI document secures
// with the `consoleSession` cookie, read from the document so a new console page or form is
// covered the day it is declared. Its scope names the role it needs (`staff` or `admin`).
// Without a session nothing is done (303 to the sign-in page); API keys do not open it; a staff
// session gets 403 where admin is needed; a POST needs this session's CSRF token and our origin.
import { describe, expect, it } from 'vitest';
import { issueCsrfToken } from '../../src/console/csrf';
import type { StaffRole } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { startSession } from '../../src/domain/staff-sessions';
import { findStaffUserByEmail } from '../../src/domain/staff-users';
import { makeAccount, SAME_ORIGIN } from './console';
import { ADMIN_KEY, type TestEnv } from './harness';

export interface ConsoleOperation {
  operationId: string;
  method: string;
  url: string;
  role: StaffRole;
}

interface OpenApiOperation {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; schema?: { example?: unknown } }>;
}

export function consoleOperations(doc: { paths?: Record<string, object | undefined> }): ConsoleOperation[] {
  const operations: ConsoleOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, value] of Object.entries(item ?? {})) {
      const op = value as OpenApiOperation;
      const requirement = (op.security ?? []).find((r) => 'consoleSession' in r);
      if (!requirement) continue;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const param = op.parameters?.find((p) => p.in === 'path' && p.name === name);
        return encodeURIComponent(String(param?.schema?.example ?? `${name}_x`));
      });
      const role: StaffRole = requirement.consoleSession.includes('admin') ? 'admin' : 'staff';
      operations.push({
        operationId: op.operationId ?? `${method} ${path}`,
        method: method.toUpperCase(),
        url,
        role,
      });
    }
  }
  return operations;
}

export interface SuiteUsers {
  admin: string;
  staff: string;
}

export async function makeSuiteUsers(env: TestEnv): Promise<SuiteUsers> {
  const admin = await makeAccount(env, 'admin');
  const staff = await makeAccount(env, 'staff');
  return { admin: admin.email, staff: staff.email };
}

/** A fresh session for a user (a form may end it, as sign-out does), with its CSRF token. */
async function sessionFor(env: TestEnv, email: string): Promise<{ cookie: string; csrf: string }> {
  const ctx = domainContext(env.deps);
  const user = await findStaffUserByEmail({ ctx, input: { email } });
  const { secret, session } = await startSession({ ctx, input: { userId: user!.id } });
  return { cookie: `mailprefs_session=${secret}`, csrf: await issueCsrfToken(env.deps, session.id) };
}

export function describeSessionSuite(
  env: () => TestEnv,
  users: () => SuiteUsers,
  operations: ConsoleOperation[],
) {
  const call = (
    op: ConsoleOperation,
    opts: { cookie?: string; csrf?: string; headers?: Record<string, string> } = {},
  ) => {
    const isPost = op.method !== 'GET' && op.method !== 'HEAD';
    return env().app.request(op.url, {
      method: op.method,
      redirect: 'manual',
      headers: {
        ...(isPost ? { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN } : {}),
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
        ...opts.headers,
      },
      body: isPost ? new URLSearchParams(opts.csrf ? { csrf: opts.csrf } : {}).toString() : undefined,
    });
  };
  // The guard's answer: the sign-in page, perhaps with the page to come back to. A form that
  // was accepted may answer 303 too, to its own result page.
  const toSignIn = /^\/admin\/login(\?next=[^&]*)?$/;
  const expectSignIn = (res: Response) => {
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(toSignIn);
  };
  const expectAccepted = (res: Response) => {
    if (res.status === 303) expect(res.headers.get('location')).not.toMatch(toSignIn);
    expect(res.status).not.toBe(403);
    expect(res.status).toBeLessThan(500);
  };

  describe.each(
    operations.map((op) => [`${op.method} ${op.url} (${op.operationId}, ${op.role})`, op] as const),
  )('%s is protected', (_, op) => {
    const isPost = op.method !== 'GET' && op.method !== 'HEAD';

    it('sends a visitor without a session to the sign-in page, doing nothing', async () => {
      expectSignIn(await call(op));
      expectSignIn(
        await call(op, { cookie: 'mailprefs_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
      );
      expectSignIn(await call(op, { cookie: "mailprefs_session=' OR 1=1 --" }));
    });

    it('is not opened by an API key, even an admin one', async () => {
      expectSignIn(await call(op, { headers: { authorization: `Bearer ${ADMIN_KEY}` } }));
    });

    if (op.role === 'admin') {
      it('answers 403 to a staff session', async () => {
        const staff = await sessionFor(env(), users().staff);
        const res = await call(op, staff);
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/text\/html/);
      });
    } else {
      it('accepts a staff session', async () => {
        expectAccepted(await call(op, await sessionFor(env(), users().staff)));
      });
    }

    it('accepts an admin session', async () => {
      expectAccepted(await call(op, await sessionFor(env(), users().admin)));
    });

    if (isPost) {
      it('refuses the form without this session’s CSRF token, or from another site', async () => {
        const admin = await sessionFor(env(), users().admin);
        expect((await call(op, { cookie: admin.cookie })).status).toBe(403);
        const other = await sessionFor(env(), users().admin);
        expect((await call(op, { cookie: admin.cookie, csrf: other.csrf })).status).toBe(403);
        const crossSite = { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' };
        expect((await call(op, { ...admin, headers: crossSite })).status).toBe(403);
      });
    }
  });
}
