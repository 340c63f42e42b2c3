// A website's sign-up form without JavaScript posts straight to /v1/subscribe: the person gets
// pages, in the brand of the topics they chose, also when the sign-up is refused; API callers
// (JSON, or a form without Accept: text/html) keep the JSON envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoBrands } from '../brands/support';
import { createTestEnv, type TestEnv, uniqueEmail } from '../support/harness';
import { postForm } from './support';

let env: TestEnv;
let topics: { itcare: string; cloudcare: string };
beforeAll(async () => {
  env = await createTestEnv({ env: { ALLOWED_ORIGINS: 'https://www.itcare.be' } });
  topics = await twoBrands(env);
});
afterAll(() => env.close());

const browser = { accept: 'text/html,application/xhtml+xml', 'accept-language': 'nl-BE,nl;q=0.9' };

describe('a browser’s sign-up form', () => {
  it('gets the "check your inbox" page in the brand of the topic chosen', async () => {
    const res = await postForm(
      env,
      [
        ['email', uniqueEmail()],
        ['topics', topics.itcare],
      ],
      browser,
    );
    expect(res.status).toBe(202);
    const html = await res.text();
    expect(html).toContain('Kijk in uw inbox');
    expect(html).toContain('<span>ITcare</span>');
    expect(html).toContain('href="/assets/style.css?accent=0f5f8a"');
    // Its address takes only the POST: no language links that would lead nowhere.
    expect(html).not.toContain('href="?lang=');
  });

  it('with an address that is not one gets a 400 page that says to go back, and nothing is stored', async () => {
    const email = 'not-an-address';
    const res = await postForm(
      env,
      [
        ['email', email],
        ['topics', topics.itcare],
      ],
      browser,
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('We konden u niet inschrijven');
    expect(html).toContain('<span>ITcare</span>');
    // Not a preference-link error: no "get a new link" button on a sign-up.
    expect(html).not.toContain('href="/p');
    expect(html).not.toContain('href="?lang=');
    const stored = await env.deps.db.$client.execute(
      "select count(*) as n from contacts where email = 'not-an-address'",
    );
    expect(Number(stored.rows[0].n)).toBe(0);
  });

  it('for a topic that does not exist gets the same page with 404', async () => {
    const res = await postForm(
      env,
      [
        ['email', uniqueEmail()],
        ['topics', 'no-such-topic'],
      ],
      browser,
    );
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('We konden u niet inschrijven');
  });

  it('from a site not in ALLOWED_ORIGINS gets a 403 page', async () => {
    const res = await postForm(
      env,
      [
        ['email', uniqueEmail()],
        ['topics', topics.itcare],
      ],
      {
        ...browser,
        origin: 'https://evil.example',
      },
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('We konden u niet inschrijven');
  });
});

describe('API callers', () => {
  it('keep the JSON envelope: a form without Accept: text/html, and JSON', async () => {
    const form = await postForm(env, [
      ['email', 'nope'],
      ['topics', topics.itcare],
    ]);
    expect(form.status).toBe(400);
    expect(await form.json()).toMatchObject({ error: { code: 'validation_failed' } });
    const json = await env.app.request('/v1/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html' },
      body: JSON.stringify({ email: 'nope', topics: [topics.itcare] }),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: { code: 'validation_failed' } });
  });
});
