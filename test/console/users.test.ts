// Console accounts in the console: admins list, add and disable them; staff cannot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../src/deps';
import { findStaffUserByEmail } from '../../src/domain/staff-users';
import { csrfOf, postForm, type SignedIn, signedIn } from '../support/console';
import { createTestEnv, uniqueEmail } from '../support/harness';

const env = await createTestEnv();
afterAll(() => env.close());
let admin: SignedIn;
let staff: SignedIn;
beforeAll(async () => {
  admin = await signedIn(env, 'admin');
  staff = await signedIn(env, 'staff');
});

describe('the users page', () => {
  it('is for admins: staff get 403 and no menu entry', async () => {
    const forStaff = await env.app.request('/admin/users', { headers: { cookie: staff.cookie } });
    expect(forStaff.status).toBe(403);
    expect(await forStaff.text()).toContain('Only an admin can do this');
    const staffHome = await (await env.app.request('/admin', { headers: { cookie: staff.cookie } })).text();
    expect(staffHome).not.toContain('href="/admin/users"');
    const adminHome = await (await env.app.request('/admin', { headers: { cookie: admin.cookie } })).text();
    expect(adminHome).toContain('href="/admin/users"');
  });

  it('adds an account whose generated password, shown once, signs in', async () => {
    const email = uniqueEmail('new');
    const res = await postForm(
      env,
      '/admin/users',
      { csrf: admin.csrf, email, role: 'staff' },
      { cookie: admin.cookie },
    );
    expect(res.status).toBe(200);
    const password = (await res.text()).match(/<code>([A-Za-z0-9_-]{20})<\/code>/)?.[1];
    expect(password).toBeDefined();
    const page = await env.app.request('/admin/login');
    const login = await postForm(env, '/admin/login', {
      csrf: csrfOf(await page.text()),
      email,
      password: password!,
    });
    expect(login.status).toBe(303);
    const again = await (await env.app.request('/admin/users', { headers: { cookie: admin.cookie } })).text();
    expect(again).toContain(email);
    expect(again).not.toContain(password);
  });

  it('disables an account, which ends its session; an admin cannot disable themselves', async () => {
    const leaver = await signedIn(env, 'staff');
    const list = await (await env.app.request('/admin/users', { headers: { cookie: admin.cookie } })).text();
    const id = list.match(
      new RegExp(
        `action="/admin/users/(usr_[^/"]+)/disable" aria-label="Disable ${leaver.email.replace(/[.+]/g, '\\$&')}"`,
      ),
    )?.[1];
    expect(id).toBeDefined();
    const res = await postForm(
      env,
      `/admin/users/${id}/disable`,
      { csrf: admin.csrf },
      { cookie: admin.cookie },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('is disabled');
    expect((await env.app.request('/admin', { headers: { cookie: leaver.cookie } })).status).toBe(303);

    const own = await (await env.app.request('/admin/users', { headers: { cookie: admin.cookie } })).text();
    expect(own).not.toMatch(new RegExp(`aria-label="Disable ${admin.email.replace(/[.+]/g, '\\$&')}"`));
    const me = await findStaffUserByEmail({ ctx: domainContext(env.deps), input: { email: admin.email } });
    const self = await postForm(
      env,
      `/admin/users/${me!.id}/disable`,
      { csrf: admin.csrf },
      { cookie: admin.cookie },
    );
    expect(self.status).toBe(409);
    expect(await self.text()).toContain('You cannot disable your own account.');
    expect((await env.app.request('/admin', { headers: { cookie: admin.cookie } })).status).toBe(200);
  });
});
