// The console's contact pages: finding a contact by any spelling of its address, what the page
// shows, recording an unsubscribe that came by phone, the export download and the two-step
// erasure, each in the audit log with who did it. A staff session does all of these.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, outboxEvents, staffUsers } from '../../src/db/schema';
import { postForm, type SignedIn, signedIn } from '../support/console';
import { createTestEnv, createTopic, uniqueEmail } from '../support/harness';

// Private webhook targets allowed: an endpoint on a closed local port subscribes to the events.
const env = await createTestEnv({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
afterAll(() => env.close());
let staff: SignedIn;
let staffId: string;
let news: string;
beforeAll(async () => {
  staff = await signedIn(env, 'staff');
  const [row] = await env.deps.db.select().from(staffUsers).where(eq(staffUsers.email, staff.email));
  staffId = row.id;
  news = await createTopic(env, { name: { en: 'News', nl: 'Nieuws' } });
  const hook = await env.api('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/events' });
  if (hook.status !== 201) throw new Error(`webhook endpoint: ${hook.status}`);
});

const get = (path: string) => env.app.request(path, { headers: { cookie: staff.cookie } });
const post = (path: string, fields: Record<string, string>) =>
  postForm(env, path, { csrf: staff.csrf, ...fields }, { cookie: staff.cookie });

async function subscribedContact(): Promise<{ id: string; email: string }> {
  const email = uniqueEmail('jan');
  const res = await env.api('POST', '/v1/contacts', {
    email,
    subscriptions: { [news]: 'subscribed' },
    customer_since: '2024-03-01',
    consent: { source: 'website', text: 'Yes, send me the news', ip: '203.0.113.77' },
  });
  const body = (await res.json()) as { id: string; email: string };
  return body;
}

async function auditOf(contactId: string) {
  return env.deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, contactId));
}

describe('finding a contact', () => {
  it('finds it by its exact address in any spelling, posted so the address stays out of the URL', async () => {
    const contact = await subscribedContact();
    const res = await post('/admin/contacts', { q: `  ${contact.email.toUpperCase()} ` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/contacts/${contact.id}`);
    const viaQuery = await get(`/admin/contacts?q=${encodeURIComponent(contact.email.toUpperCase())}`);
    expect(viaQuery.headers.get('location')).toBe(`/admin/contacts/${contact.id}`);
  });

  it('says so when no contact has the address, and when the address was erased', async () => {
    const nobody = await post('/admin/contacts', { q: uniqueEmail('nobody') });
    expect(nobody.status).toBe(200);
    expect(await nobody.text()).toContain('No contact has this address.');
    const contact = await subscribedContact();
    expect((await env.api('DELETE', `/v1/contacts/${contact.email}?notify=false`)).status).toBe(200);
    const erased = await post('/admin/contacts', { q: contact.email });
    expect(await erased.text()).toContain('This address was erased');
  });

  it('lists the latest changes of all contacts, newest first', async () => {
    const contact = await subscribedContact();
    const html = await (await get('/admin/contacts')).text();
    expect(html).toContain('Recent changes');
    expect(html).toContain(`href="/admin/contacts/${contact.id}"`);
    expect(html).toContain(contact.email);
  });
});

describe('the contact page', () => {
  it('shows subscriptions per topic, customer relationship, suppression state and the trail with its evidence', async () => {
    const contact = await subscribedContact();
    const html = await (await get(`/admin/contacts/${contact.id}`)).text();
    expect(html).toContain(`News (${news})`);
    expect(html).toMatch(/<td>consent<\/td><td>subscribed<\/td>/);
    expect(html).toContain('Customer since 1 Mar 2024 (current customer)');
    expect(html).toContain('Not suppressed');
    expect(html).toContain('Yes, send me the news');
    expect(html).toContain('203.0.113.0');
    expect(html).not.toContain('203.0.113.77');
    expect(html).toContain('Source: website');
  });

  it('is in Dutch with ?lang=nl or Accept-Language: nl', async () => {
    const contact = await subscribedContact();
    const byQuery = await (await get(`/admin/contacts/${contact.id}?lang=nl`)).text();
    expect(byQuery).toContain('<html lang="nl">');
    expect(byQuery).toContain('Toestemmingsgeschiedenis');
    const byHeader = await env.app.request(`/admin/contacts/${contact.id}`, {
      headers: { cookie: staff.cookie, 'accept-language': 'nl-NL,nl;q=0.9,en;q=0.5' },
    });
    expect(await byHeader.text()).toContain('Aanmeldingen');
  });

  it('is in French with ?lang=fr and in German with Accept-Language: de, its times in each language', async () => {
    const contact = await subscribedContact();
    const fr = await (await get(`/admin/contacts/${contact.id}?lang=fr`)).text();
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('Historique du consentement');
    expect(fr).toContain('Enregistrer une désinscription reçue par e-mail ou par téléphone');
    expect(fr).toMatch(/<dt>Connu depuis<\/dt><dd>\d{1,2} [a-zéû]+\.? \d{4}, \d{2}:\d{2} UTC<\/dd>/);
    expect(fr).toContain(
      `href="/admin/contacts/${contact.id}?lang=fr" hreflang="fr" lang="fr" aria-current="true"`,
    );
    const de = await env.app.request(`/admin/contacts/${contact.id}`, {
      headers: { cookie: staff.cookie, 'accept-language': 'de-BE,de;q=0.9,fr;q=0.5' },
    });
    const html = await de.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Einwilligungsverlauf');
    expect(html).toContain('Kunde seit 01.03.2024 (aktueller Kunde)');
    expect(html).toMatch(/<dt>Bekannt seit<\/dt><dd>\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} UTC<\/dd>/);
  });

  it('answers 404 as a console page for a contact that does not exist', async () => {
    const res = await get('/admin/contacts/c_doesnotexist1');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Not found');
  });
});

describe('recording an unsubscribe received by phone', () => {
  it('goes through the domain: trail entry with source and note, outbox event, presend refuses, audit names the user', async () => {
    const contact = await subscribedContact();
    const res = await post(`/admin/contacts/${contact.id}/unsubscribe`, {
      topic: news,
      channel: 'phone',
      note: 'Called the help desk on 1 December',
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('The unsubscribe is recorded');
    expect(html).toContain('Source: console:phone');
    expect(html).toContain('Called the help desk on 1 December');

    const verdict = await env.api('POST', '/v1/presend', { topic: news, recipients: [contact.email] });
    expect(JSON.stringify(await verdict.json())).toMatch(/"send":false/);

    const events = await env.deps.db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.contactId, contact.id));
    expect(events.map((e) => e.type)).toContain('contact.unsubscribed');

    const audit = await auditOf(contact.id);
    expect(audit).toEqual([
      expect.objectContaining({
        actorType: 'user',
        actorId: staffId,
        action: 'contact.unsubscribed',
        subjectType: 'contact',
        details: expect.objectContaining({ topic: news, channel: 'phone', changed: true }),
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(contact.email);

    const log = await (await get(`/admin/audit?subject_type=contact&subject_id=${contact.id}`)).text();
    expect(log).toContain(`user: ${staff.email}`);
    expect(log).toContain('contact.unsubscribed');
    expect(log).toContain(`href="/admin/contacts/${contact.id}"`);
  });

  it('from everything at once; a repeat changes nothing and says so', async () => {
    const contact = await subscribedContact();
    const first = await post(`/admin/contacts/${contact.id}/unsubscribe`, { topic: '*', channel: 'email' });
    expect(await first.text()).toContain('Unsubscribed from everything since');
    const again = await post(`/admin/contacts/${contact.id}/unsubscribe`, { topic: '*', channel: 'email' });
    expect(await again.text()).toContain('Nothing changed');
  });

  it('refuses an unknown channel with a 400 page, changing nothing', async () => {
    const contact = await subscribedContact();
    const res = await post(`/admin/contacts/${contact.id}/unsubscribe`, { topic: news, channel: 'pigeon' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await auditOf(contact.id)).toEqual([]);
  });
});

describe('export and erasure', () => {
  it('downloads the data document, named by contact id, and logs who took it', async () => {
    const contact = await subscribedContact();
    const res = await get(`/admin/contacts/${contact.id}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="contact-${contact.id}.json"`);
    const doc = (await res.json()) as { contact: { email: string }; consent_trail: unknown[] };
    expect(doc.contact.email).toBe(contact.email);
    expect((await auditOf(contact.id)).map((a) => a.action)).toEqual(['contact.exported']);
  });

  it('erases in two steps: a confirmation page, then the erasure with its receipt', async () => {
    const contact = await subscribedContact();
    const confirm = await get(`/admin/contacts/${contact.id}/erase`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain(`Erase ${contact.email}?`);
    // The erasure form without its confirmation field is refused.
    expect((await post(`/admin/contacts/${contact.id}/erase`, { notify: 'yes' })).status).toBe(400);

    const res = await post(`/admin/contacts/${contact.id}/erase`, { confirm: 'erase', notify: 'yes' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('A deletion receipt was mailed');
    expect(env.outbox.sent.some((m) => m.kind === 'erasure-receipt' && m.to === contact.email)).toBe(true);
    expect((await env.api('GET', `/v1/contacts/${contact.email}`)).status).toBe(404);
    expect((await auditOf(contact.id)).map((a) => [a.action, a.actorId])).toEqual([
      ['contact.erased', staffId],
    ]);
  });
});

describe('the public pages', () => {
  it('/u, /c and /p set no cookie, even for a browser signed in to the console', async () => {
    for (const path of ['/p', '/p/not-a-token', '/u/not-a-token', '/c/not-a-token']) {
      const res = await env.app.request(path, { headers: { cookie: staff.cookie, accept: 'text/html' } });
      expect(res.headers.get('set-cookie'), path).toBeNull();
    }
    const link = await env.api('POST', '/v1/links', { email: uniqueEmail(), topic: news });
    const { unsubscribe_url, preferences_url } = (await link.json()) as Record<string, string>;
    for (const url of [unsubscribe_url, preferences_url]) {
      const res = await env.app.request(new URL(url).pathname + new URL(url).search, {
        headers: { cookie: staff.cookie },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });
});
