import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataRequests } from '../../src/db/schema';
import { csrfOf, postForm, type SignedIn, signedIn } from '../support/console';
import { createContact, createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';

let env: TestEnv;
let staff: SignedIn;
let topic: string;
beforeAll(async () => {
  env = await createTestEnv({ env: { REQUEST_HOLIDAYS: '2026-12-08' } });
  env.clock.set('2026-12-04T15:00:00Z'); // Friday
  topic = await createTopic(env, { name: { en: 'Monthly news', nl: 'Maandelijks nieuws' } });
  staff = await signedIn(env, 'staff');
});
afterAll(() => env.close());

const page = async (path: string) => {
  const res = await env.app.request(path, { headers: { cookie: staff.cookie } });
  return { res, html: await res.text() };
};

describe('the dashboard page', () => {
  it('shows per-topic counts and a weekly chart with its data table', async () => {
    await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const { res, html } = await page('/admin');
    expect(res.status).toBe(200);
    expect(html).toContain('<svg viewBox="0 0 480 200"');
    expect(html).toMatch(/<title id="chart-\d+-svg-title">Monthly news: opt-ins and opt-outs per week/);
    expect(html).toContain(
      '<caption>Monthly news: opt-ins and opt-outs per week over the last 12 weeks</caption>',
    );
    expect(html).toContain(
      '<th scope="row"><time datetime="2026-11-30">30 Nov 2026</time></th><td>1</td><td>0</td>',
    );
    const nl = await page('/admin?lang=nl');
    expect(nl.html).toContain('Aanmeldingen en afmeldingen per week');
    const fr = await page('/admin?lang=fr');
    expect(fr.html).toContain('Inscriptions et désinscriptions par semaine');
    expect(fr.html).toContain('<time datetime="2026-11-30">30 nov. 2026</time>');
    const de = await page('/admin?lang=de');
    expect(de.html).toContain('Anmeldungen und Abmeldungen pro Woche');
    expect(de.html).toContain('<time datetime="2026-11-30">30.11.2026</time>');
  });
});

describe('the data requests pages', () => {
  it('record a request by phone, show its due date, complete it and put the confirmation in the outbox', async () => {
    const { email } = await createContact(env, { locale: 'nl', subscriptions: { [topic]: 'subscribed' } });
    const list = await page('/admin/requests');
    expect(list.res.status).toBe(200);
    const created = await postForm(
      env,
      '/admin/requests',
      {
        csrf: csrfOf(list.html),
        email,
        type: 'objection',
        channel: 'phone',
        received_on: '2026-12-04',
        note: 'Called',
      },
      { cookie: staff.cookie },
    );
    expect(created.status).toBe(200);
    const detail = { html: await created.text() };
    // Friday 4 Dec + 5 working days, with Tuesday 8 Dec a holiday: Monday 14 Dec.
    expect(detail.html).toContain('Recorded. It is due on 14 Dec 2026.');
    expect(detail.html).toContain(email);

    const id = detail.html.match(/action="\/admin\/requests\/(dr_[\w-]+)\/complete"/)![1];
    const done = await postForm(
      env,
      `/admin/requests/${id}/complete`,
      { csrf: csrfOf(detail.html), note: '' },
      { cookie: staff.cookie },
    );
    expect(done.status).toBe(200);
    const after = { html: await done.text() };
    expect(after.html).toContain('Completed. The confirmation mail has gone to the person.');
    expect(after.html).not.toContain(email);
    expect(after.html).toMatch(/<dt>Completed by<\/dt><dd>staff user [\w-]+<\/dd>/);

    const outbox = await page('/admin/outbox');
    expect(outbox.res.status).toBe(200);
    expect(outbox.html).toContain(`Uw verzoek over uw persoonsgegevens is afgehandeld → ${email}`);
  });

  it('record a request in German with a French confirmation, its due date written each language’s way', async () => {
    const list = await page('/admin/requests?lang=de');
    expect(list.html).toContain('<option value="fr" lang="fr">Français</option>');
    const created = await postForm(
      env,
      '/admin/requests?lang=de',
      {
        csrf: csrfOf(list.html),
        email: uniqueEmail(),
        type: 'access',
        channel: 'letter',
        received_on: '2026-12-04',
        locale: 'fr',
      },
      { cookie: staff.cookie },
    );
    expect(created.status).toBe(200);
    const html = await created.text();
    expect(html).toContain('Erfasst. Fällig am 14.12.2026.');
    const id = html.match(/action="\/admin\/requests\/(dr_[\w-]+)\/complete[?"]/)![1];
    const [stored] = await env.deps.db.select().from(dataRequests).where(eq(dataRequests.id, id));
    expect(stored.locale).toBe('fr');
    const fr = await page(`/admin/requests/${id}?lang=fr`);
    expect(fr.html).toContain('<dt>Échéance</dt><dd><time datetime="2026-12-14">14 déc. 2026</time>');
    expect(fr.html).toContain('<dt>Reçue le</dt><dd>4 déc. 2026, 00:00 UTC</dd>');
  });

  it('refuse a form without a session or without its CSRF token', async () => {
    const openCount = async () =>
      ((await (await env.api('GET', '/v1/requests?status=open')).json()) as { requests: unknown[] }).requests
        .length;
    const before = await openCount();
    const anonymous = await postForm(env, '/admin/requests', {
      email: uniqueEmail(),
      type: 'access',
      channel: 'email',
      received_on: '2026-12-04',
    });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/admin\/login/);
    const noToken = await postForm(
      env,
      '/admin/requests',
      { email: uniqueEmail(), type: 'access', channel: 'email', received_on: '2026-12-04' },
      { cookie: staff.cookie },
    );
    expect(noToken.status).toBe(403);
    expect(await openCount()).toBe(before);
  });

  it('answer a clear 400 page for a date in the future', async () => {
    const list = await page('/admin/requests');
    const res = await postForm(
      env,
      '/admin/requests',
      {
        csrf: csrfOf(list.html),
        email: uniqueEmail(),
        type: 'access',
        channel: 'email',
        received_on: '2027-01-04',
      },
      { cookie: staff.cookie },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('received_at: must not be in the future');
  });
});
