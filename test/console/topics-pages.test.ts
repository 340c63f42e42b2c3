import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { findStaffUserByEmail } from '../../src/domain/staff-users';
import { findTopic } from '../../src/domain/topics';
import { csrfOf, postForm, type SignedIn, signedIn } from '../support/console';
import { createContact, createTestEnv, type TestEnv, uniqueTopicKey } from '../support/harness';

let env: TestEnv;
let staff: SignedIn;
let staffId: string;
beforeAll(async () => {
  env = await createTestEnv();
  staff = await signedIn(env, 'staff');
  staffId = (await findStaffUserByEmail({ ctx: domainContext(env.deps), input: { email: staff.email } }))!.id;
});
afterAll(() => env.close());

const page = async (path: string) => {
  const res = await env.app.request(path, { headers: { cookie: staff.cookie } });
  return { res, html: await res.text() };
};
const topic = (key: string) => findTopic({ ctx: domainContext(env.deps), input: { key } });
const fields = (over: Record<string, string> = {}) => ({
  name_en: 'Webinars',
  name_nl: 'Webinars NL',
  description_en: '',
  description_nl: '',
  basis: 'consent',
  ...over,
});

describe('the topics pages', () => {
  it('create a topic and edit its names and descriptions per language, audited with the user', async () => {
    const key = uniqueTopicKey('web');
    const list = await page('/admin/topics');
    expect(list.res.status).toBe(200);
    const created = await postForm(
      env,
      '/admin/topics',
      { csrf: csrfOf(list.html), key, ...fields() },
      { cookie: staff.cookie },
    );
    expect(created.status).toBe(200);
    const edit = { html: await created.text() };
    expect(edit.html).toContain('The topic was created.');
    const saved = await postForm(
      env,
      `/admin/topics/${key}`,
      {
        csrf: csrfOf(edit.html),
        ...fields({
          name_nl: 'Webinars en online sessies',
          description_en: 'Live sessions',
          description_nl: 'Live sessies',
        }),
      },
      { cookie: staff.cookie },
    );
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Your changes were saved.');
    expect(await topic(key)).toMatchObject({
      name: { en: 'Webinars', nl: 'Webinars en online sessies' },
      description: { en: 'Live sessions', nl: 'Live sessies' },
      basis: 'consent',
      archivedAt: null,
    });
    const audit = await env.deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, key));
    expect(audit.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ['topic.created', 'user', staffId],
      ['topic.updated', 'user', staffId],
    ]);
  });

  it('change the legal basis only after its explicit confirmation, saying how many contacts it affects', async () => {
    const key = uniqueTopicKey('basis');
    const list = await page('/admin/topics');
    await postForm(
      env,
      '/admin/topics',
      { csrf: csrfOf(list.html), key, ...fields() },
      { cookie: staff.cookie },
    );
    await createContact(env, { subscriptions: { [key]: 'subscribed' } });
    const edit = await page(`/admin/topics/${key}`);
    const asked = await postForm(
      env,
      `/admin/topics/${key}`,
      { csrf: csrfOf(edit.html), ...fields({ basis: 'legitimate_interest' }) },
      { cookie: staff.cookie },
    );
    expect(asked.status).toBe(409);
    const warning = await asked.text();
    expect(warning).toContain('presend answers differently for 1 contact(s). Nothing was saved yet.');
    expect(warning).toContain('name="confirm_basis_change"');
    expect((await topic(key))?.basis).toBe('consent');
    const confirmed = await postForm(
      env,
      `/admin/topics/${key}`,
      { csrf: csrfOf(warning), ...fields({ basis: 'legitimate_interest' }), confirm_basis_change: '1' },
      { cookie: staff.cookie },
    );
    expect(confirmed.status).toBe(200);
    expect((await topic(key))?.basis).toBe('legitimate_interest');
  });

  it('archive a topic, and refuse a description in one language only', async () => {
    const key = uniqueTopicKey('old');
    const list = await page('/admin/topics');
    await postForm(
      env,
      '/admin/topics',
      { csrf: csrfOf(list.html), key, ...fields() },
      { cookie: staff.cookie },
    );
    const edit = await page(`/admin/topics/${key}`);
    const half = await postForm(
      env,
      `/admin/topics/${key}`,
      { csrf: csrfOf(edit.html), ...fields({ description_en: 'Only English' }) },
      { cookie: staff.cookie },
    );
    expect(half.status).toBe(400);
    expect(await half.text()).toContain('give the description in English and Dutch, or in no language');
    const archived = await postForm(
      env,
      `/admin/topics/${key}`,
      { csrf: csrfOf(edit.html), ...fields(), archived: '1' },
      { cookie: staff.cookie },
    );
    expect(archived.status).toBe(200);
    expect((await topic(key))?.archivedAt).not.toBeNull();
    expect((await page('/admin/topics')).html).toContain('archived');
  });

  it('name a topic in French and German too, optionally, and drop a language left blank', async () => {
    const key = uniqueTopicKey('fr');
    const list = await page('/admin/topics?lang=fr');
    expect(list.html).toContain('Nom en allemand (facultatif)');
    await postForm(
      env,
      '/admin/topics',
      { csrf: csrfOf(list.html), key, ...fields({ name_fr: 'Webinaires', name_de: 'Webinare' }) },
      { cookie: staff.cookie },
    );
    expect((await topic(key))?.name).toEqual({
      en: 'Webinars',
      nl: 'Webinars NL',
      fr: 'Webinaires',
      de: 'Webinare',
    });
    const edit = await page(`/admin/topics/${key}?lang=de`);
    expect(edit.html).toContain('value="Webinaires"');
    expect(edit.html).toContain('Webinare bearbeiten');
    await postForm(
      env,
      `/admin/topics/${key}`,
      {
        csrf: csrfOf(edit.html),
        ...fields({
          name_fr: 'Webinaires',
          description_en: 'Live',
          description_nl: 'Live',
          description_fr: 'En direct',
        }),
      },
      { cookie: staff.cookie },
    );
    expect(await topic(key)).toMatchObject({
      name: { en: 'Webinars', nl: 'Webinars NL', fr: 'Webinaires' },
      description: { en: 'Live', nl: 'Live', fr: 'En direct' },
    });
    expect((await topic(key))?.name).not.toHaveProperty('de');
  });

  it('refuse creating a topic whose key exists', async () => {
    const key = uniqueTopicKey('dup');
    const list = await page('/admin/topics');
    await postForm(
      env,
      '/admin/topics',
      { csrf: csrfOf(list.html), key, ...fields() },
      { cookie: staff.cookie },
    );
    const again = await postForm(
      env,
      '/admin/topics',
      { csrf: csrfOf(list.html), key, ...fields({ name_en: 'Other' }) },
      { cookie: staff.cookie },
    );
    expect(again.status).toBe(409);
    expect((await topic(key))?.name.en).toBe('Webinars');
  });
});
