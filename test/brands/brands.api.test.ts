// The brands API: the environment's settings as the default brand, brands stored and listed,
// the accent contrast rule, topics under a brand, and links that name their brand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contrastOnWhiteText, contrastRatio } from '../../src/domain/contrast';
import { createTestEnv, type TestEnv, uniqueEmail } from '../support/harness';
import { CLOUDCARE, ITCARE, putBrand, twoBrands } from './support';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({
    env: {
      BRAND_NAME: 'Acme',
      BRAND_ACCENT: '#1d4ed8',
      BRAND_WEBSITE_URL: 'https://www.acme.example',
      PRIVACY_CONTACT: 'privacy@acme.example',
    },
  });
});
afterAll(() => env.close());

describe('the accent contrast rule', () => {
  it('measures white text on a colour as WCAG 2.2 does', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastOnWhiteText('#1d4ed8')).toBe(6.7);
    // The two greys either side of the line: #767676 passes, #777777 does not.
    expect(contrastOnWhiteText('#767676')).toBe(4.54);
    expect(contrastOnWhiteText('#777777')).toBe(4.47);
  });

  it('refuses an accent white button text cannot be read on, with 400 naming accent', async () => {
    const res = await putBrand(env, 'pale', { ...ITCARE, accent: '#777777' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(
      /^accent: white text on #777777 has a contrast of 4\.47:1; at least 4\.5:1/,
    );
    expect(body.error.details).toEqual([expect.objectContaining({ field: 'accent', contrast_ratio: 4.47 })]);
    expect((await (await env.api('GET', '/v1/brands')).json()) as { brands: unknown[] }).not.toContainEqual(
      expect.objectContaining({ key: 'pale' }),
    );
  });

  it('refuses an accent that is not a colour', async () => {
    const res = await putBrand(env, 'odd', { ...ITCARE, accent: 'blue' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^accent: /);
  });
});

describe('brands', () => {
  it('lists the environment’s settings as the default brand before any is stored', async () => {
    const res = await env.api('GET', '/v1/brands');
    expect(res.status).toBe(200);
    const { brands } = (await res.json()) as { brands: Array<Record<string, unknown>> };
    expect(brands[0]).toEqual({
      key: 'default',
      name: 'Acme',
      website_url: 'https://www.acme.example',
      public_url: null,
      logo_url: null,
      accent: '#1d4ed8',
      accent_contrast: 6.7,
      mail_from: null,
      privacy_policy_url: null,
      privacy_contact: 'privacy@acme.example',
      default_locale: 'en',
      from_environment: true,
    });
  });

  it('creates a brand (201), replaces it (200) and shows the measured contrast', async () => {
    const created = await putBrand(env, 'itcare', ITCARE);
    expect(created.status).toBe(201);
    const replaced = await putBrand(env, 'itcare', { ...ITCARE, name: 'ITcare BV' });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({
      key: 'itcare',
      name: 'ITcare BV',
      accent: '#0f5f8a',
      accent_contrast: contrastOnWhiteText('#0f5f8a'),
      default_locale: 'nl',
      from_environment: false,
    });
    await putBrand(env, 'itcare', ITCARE);
  });

  it('keeps a public_url as its origin and refuses one with a path', async () => {
    const ok = await putBrand(env, 'cloudcare', { ...CLOUDCARE, public_url: 'https://prefs.cloudcare.be/' });
    expect(((await ok.json()) as { public_url: string }).public_url).toBe('https://prefs.cloudcare.be');
    const bad = await putBrand(env, 'cloudcare', {
      ...CLOUDCARE,
      public_url: 'https://prefs.cloudcare.be/p',
    });
    expect(bad.status).toBe(400);
  });

  it('refuses a topic under a brand that does not exist, naming brand', async () => {
    const res = await env.api('PUT', '/v1/topics/orphan', {
      name: { en: 'Orphan' },
      basis: 'consent',
      brand: 'nope',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^brand: /);
  });

  it('gives a topic the default brand unless told, and keeps its brand on an update', async () => {
    const plain = await env.api('PUT', '/v1/topics/plain-news', {
      name: { de: 'Neuigkeiten' },
      basis: 'consent',
    });
    expect(await plain.json()).toMatchObject({ brand: 'default', name: { de: 'Neuigkeiten' } });
    await env.api('PUT', '/v1/topics/it-news', { name: { en: 'News' }, basis: 'consent', brand: 'itcare' });
    const updated = await env.api('PUT', '/v1/topics/it-news', { name: { en: 'IT news' }, basis: 'consent' });
    expect(await updated.json()).toMatchObject({ brand: 'itcare', name: { en: 'IT news' } });
  });

  it('refuses topic texts in a language mailprefs does not speak, or in none', async () => {
    const unknown = await env.api('PUT', '/v1/topics/es-news', {
      name: { es: 'Noticias' },
      basis: 'consent',
    });
    expect(unknown.status).toBe(400);
    const none = await env.api('PUT', '/v1/topics/no-news', { name: {}, basis: 'consent' });
    expect(none.status).toBe(400);
  });
});

describe('links name their brand', () => {
  it('an all-topics link carries its brand, built on the brand’s public_url', async () => {
    await twoBrands(env);
    const res = await env.api('POST', '/v1/links', { email: uniqueEmail(), topic: null, brand: 'cloudcare' });
    expect(res.status).toBe(200);
    const links = (await res.json()) as { unsubscribe_url: string; preferences_url: string };
    expect(links.unsubscribe_url).toMatch(/^https:\/\/prefs\.cloudcare\.be\/u\//);
    const token = links.preferences_url.split('/p/')[1];
    expect((await env.deps.signer.verify(token, 'preferences')).brand).toBe('cloudcare');
  });

  it('a topic link takes its topic’s brand and refuses another one', async () => {
    const { itcare } = await twoBrands(env);
    const res = await env.api('POST', '/v1/links', { email: uniqueEmail(), topic: itcare });
    const token = ((await res.json()) as { preferences_url: string }).preferences_url.split('/p/')[1];
    expect((await env.deps.signer.verify(token, 'preferences')).brand).toBe('itcare');
    const wrong = await env.api('POST', '/v1/links', {
      email: uniqueEmail(),
      topic: itcare,
      brand: 'cloudcare',
    });
    expect(wrong.status).toBe(400);
  });

  it('an unknown brand is 404', async () => {
    const res = await env.api('POST', '/v1/links', { email: uniqueEmail(), topic: null, brand: 'nobody' });
    expect(res.status).toBe(404);
  });
});
