// Signing in to the console: the form, the session cookie and what is (not) stored, expiry,
// sign-out, and throttling of failed attempts.
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { staffSessions, staffUsers } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { hitRateLimit } from '../../src/domain/rate-limit';
import { signInLimits } from '../../src/domain/sign-in';
import { csrfOf, makeAccount, postForm, SAME_ORIGIN, signIn } from '../support/console';
import { createTestEnv } from '../support/harness';

const env = await createTestEnv();
afterAll(() => env.close());

async function loginToken(): Promise<string> {
  return csrfOf(await (await env.app.request('/admin/login')).text());
}

describe('signing in', () => {
  it('a right password starts a session whose cookie is HttpOnly and SameSite=Strict, and goes to the console', async () => {
    const account = await makeAccount(env, 'staff');
    const res = await postForm(env, '/admin/login', {
      csrf: await loginToken(),
      email: account.email.toUpperCase(),
      password: account.password,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^mailprefs_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    const home = await env.app.request('/admin', { headers: { cookie: cookie.split(';')[0] } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(account.email);
  });

  it('stores only a hash of the session id, never the cookie value', async () => {
    const who = await signIn(env, await makeAccount(env, 'staff'));
    const secret = who.cookie.split('=')[1];
    const rows = await env.deps.db.select().from(staffSessions);
    expect(JSON.stringify(rows)).not.toContain(secret);
    const [user] = await env.deps.db.select().from(staffUsers).where(eq(staffUsers.email, who.email));
    expect(rows.some((r) => r.userId === user.id)).toBe(true);
  });

  it('stores the password as a salted PBKDF2-SHA256 hash with its iteration count', async () => {
    const account = await makeAccount(env, 'admin');
    const [user] = await env.deps.db.select().from(staffUsers).where(eq(staffUsers.email, account.email));
    expect(user.passwordHash).toMatch(/^pbkdf2-sha256\$600000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(user.passwordHash).not.toContain(account.password);
  });

  it('refuses a wrong password with 401 and the form again, without a cookie', async () => {
    const account = await makeAccount(env, 'staff');
    const res = await postForm(env, '/admin/login', {
      csrf: await loginToken(),
      email: account.email,
      password: 'not the password at all',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    const html = await res.text();
    expect(html).toContain('do not match an account');
    expect(html).toContain('name="password"');
  });

  it('speaks French with ?lang=fr and German from Accept-Language, its refusal too, and lists all four languages', async () => {
    const fr = await (await env.app.request('/admin/login?lang=fr')).text();
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('<h1>Connexion</h1>');
    expect(fr).toContain('Mot de passe');
    expect(fr).toContain('<nav class="languages" aria-label="Langue">');
    for (const [lang, name] of [
      ['en', 'English'],
      ['nl', 'Nederlands'],
      ['de', 'Deutsch'],
    ])
      expect(fr).toContain(
        `<a href="/admin/login?lang=${lang}" hreflang="${lang}" lang="${lang}">${name}</a>`,
      );
    expect(fr).toContain(
      '<a href="/admin/login?lang=fr" hreflang="fr" lang="fr" aria-current="true">Français</a>',
    );

    const de = await env.app.request('/admin/login', { headers: { 'accept-language': 'de-BE,de;q=0.9' } });
    expect(await de.text()).toContain('<html lang="de">');
    const account = await makeAccount(env, 'staff');
    const wrong = await postForm(env, '/admin/login?lang=de', {
      csrf: await loginToken(),
      email: account.email,
      password: 'not the password at all',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Diese Adresse und dieses Passwort gehören zu keinem Konto.');
    const right = await postForm(env, '/admin/login?lang=fr', {
      csrf: await loginToken(),
      email: account.email,
      password: account.password,
    });
    expect(right.headers.get('location')).toBe('/admin?lang=fr');
    const home = await env.app.request('/admin?lang=fr', {
      headers: { cookie: right.headers.get('set-cookie')!.split(';')[0] },
    });
    const homeHtml = await home.text();
    expect(homeHtml).toContain(`Connecté en tant que ${account.email} (collaborateur)`);
    expect(homeHtml).toContain('Se déconnecter');
  });

  it('refuses a sign-in form posted from another site, or without its token', async () => {
    const account = await makeAccount(env, 'staff');
    const fields = { csrf: await loginToken(), email: account.email, password: account.password };
    const crossSite = await postForm(env, '/admin/login', fields, {
      headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    const noToken = await postForm(env, '/admin/login', { email: account.email, password: account.password });
    expect(noToken.status).toBe(403);
  });

  it('goes on to the console page that asked for the sign-in, and never to another site', async () => {
    const account = await makeAccount(env, 'staff');
    const page = await env.app.request('/admin/contacts');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fcontacts');
    const fields = { csrf: await loginToken(), email: account.email, password: account.password };
    const back = await postForm(env, '/admin/login?next=%2Fadmin%2Fcontacts', fields);
    expect(back.headers.get('location')).toBe('/admin/contacts');
    const away = await postForm(env, '/admin/login?next=https%3A%2F%2Fevil.example', {
      ...fields,
      csrf: await loginToken(),
    });
    expect(away.headers.get('location')).toBe('/admin');
  });

  it('a disabled account cannot sign in', async () => {
    const account = await makeAccount(env, 'staff');
    await env.deps.db
      .update(staffUsers)
      .set({ disabledAt: new Date() })
      .where(eq(staffUsers.email, account.email));
    const res = await postForm(env, '/admin/login', { csrf: await loginToken(), ...account });
    expect(res.status).toBe(401);
  });
});

describe('sessions', () => {
  it('end after 30 idle minutes', async () => {
    const who = await signIn(env, await makeAccount(env, 'staff'));
    env.clock.advance(29 * 60_000);
    expect((await env.app.request('/admin', { headers: { cookie: who.cookie } })).status).toBe(200);
    env.clock.advance(29 * 60_000);
    expect((await env.app.request('/admin', { headers: { cookie: who.cookie } })).status).toBe(200);
    env.clock.advance(31 * 60_000);
    const over = await env.app.request('/admin', { headers: { cookie: who.cookie } });
    expect(over.status).toBe(303);
    expect(over.headers.get('location')).toMatch(/^\/admin\/login/);
  });

  it('end 12 hours after sign-in however busy', async () => {
    const who = await signIn(env, await makeAccount(env, 'staff'));
    // Every quarter of an hour for 12 hours, then one more.
    for (let quarter = 1; quarter <= 12 * 4 + 1; quarter++) {
      env.clock.advance(15 * 60_000);
      const res = await env.app.request('/admin', { headers: { cookie: who.cookie } });
      if (quarter <= 12 * 4) expect(res.status).toBe(200);
      else expect(res.status).toBe(303);
    }
  });

  it('sign-out is a POST that ends the session and clears the cookie', async () => {
    const who = await signIn(env, await makeAccount(env, 'staff'));
    const get = await env.app.request('/admin/logout', { headers: { cookie: who.cookie } });
    expect(get.status).not.toBe(303);
    expect((await env.app.request('/admin', { headers: { cookie: who.cookie } })).status).toBe(200);
    const out = await postForm(env, '/admin/logout', { csrf: who.csrf }, { cookie: who.cookie });
    expect(out.status).toBe(200);
    expect(await out.text()).toContain('You are signed out.');
    expect(out.headers.get('set-cookie')).toMatch(/^mailprefs_session=;.*Max-Age=0/);
    expect((await env.app.request('/admin', { headers: { cookie: who.cookie } })).status).toBe(303);
  });
});

describe('throttling failed sign-ins', () => {
  it('after 10 failures for an address within 15 minutes answers 429 with Retry-After, even for the right password', async () => {
    const account = await makeAccount(env, 'staff');
    const ctx = domainContext(env.deps);
    // Nine failures counted as sign-in counts them; the tenth through the form.
    for (let i = 0; i < 9; i++) {
      await hitRateLimit({ ctx, input: { rule: signInLimits.perAddress, subject: account.email } });
    }
    const tenth = await postForm(
      env,
      '/admin/login',
      { csrf: await loginToken(), email: account.email, password: 'wrong password 10' },
      { ip: '198.51.100.7' },
    );
    expect(tenth.status).toBe(401);
    const right = await postForm(
      env,
      '/admin/login',
      { csrf: await loginToken(), ...account },
      { ip: '203.0.113.9' },
    );
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(right.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    expect(await right.text()).toContain('Too many failed sign-ins');
    env.clock.advance(15 * 60_000 + 1000);
    const later = await postForm(
      env,
      '/admin/login',
      { csrf: await loginToken(), ...account },
      { ip: '203.0.113.9' },
    );
    expect(later.status).toBe(303);
  });

  it('after 30 failures from one network within 15 minutes answers 429, for any address', async () => {
    const account = await makeAccount(env, 'staff');
    const ctx = domainContext(env.deps);
    for (let i = 0; i < 29; i++) {
      await hitRateLimit({ ctx, input: { rule: signInLimits.perNetwork, subject: '192.0.2.0' } });
    }
    const thirtieth = await postForm(
      env,
      '/admin/login',
      { csrf: await loginToken(), email: 'nobody@example.com', password: 'wrong password 30' },
      { ip: '192.0.2.44' },
    );
    expect(thirtieth.status).toBe(401);
    const sameNetwork = await postForm(
      env,
      '/admin/login',
      { csrf: await loginToken(), ...account },
      { ip: '192.0.2.200' },
    );
    expect(sameNetwork.status).toBe(429);
    expect(sameNetwork.headers.get('retry-after')).toMatch(/^\d+$/);
    const elsewhere = await postForm(
      env,
      '/admin/login',
      { csrf: await loginToken(), ...account },
      { ip: '198.51.100.1' },
    );
    expect(elsewhere.status).toBe(303);
  });
});

describe('the https cookie', () => {
  it('is Secure and __Host- prefixed when PUBLIC_URL is https', async () => {
    const https = await createTestEnv({ env: { PUBLIC_URL: 'https://prefs.example.com' } });
    try {
      const account = await makeAccount(https, 'staff');
      const page = await https.app.request('https://prefs.example.com/admin/login');
      const res = await https.app.request('https://prefs.example.com/admin/login', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...SAME_ORIGIN,
          origin: 'https://prefs.example.com',
        },
        body: new URLSearchParams({ csrf: csrfOf(await page.text()), ...account }).toString(),
      });
      expect(res.status).toBe(303);
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^__Host-mailprefs_session=/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Domain=/);
      const home = await https.app.request('https://prefs.example.com/admin', {
        headers: { cookie: cookie.split(';')[0] },
      });
      expect(home.status).toBe(200);
    } finally {
      https.close();
    }
  });
});
