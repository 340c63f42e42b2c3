// Changing what a topic rests on, and the audit log that records who changed it. A basis
// change flips presend's answer for many contacts at once, so it must be asked for
// explicitly, say how many contacts it affects, and leave evidence of who did it and when.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactWith, suppressed, unsubscribedFromAll } from '../presend/fixtures';
import { createKey, createTestEnv, type TestEnv, uniqueTopicKey } from '../support/harness';

let env: TestEnv;
let presendKey: string;
beforeAll(async () => {
  env = await createTestEnv();
  presendKey = await createKey(env);
});
afterAll(() => env.close());

const topicBody = (basis: 'consent' | 'legitimate_interest', extra: Record<string, unknown> = {}) => ({
  name: { en: 'Product news', nl: 'Productnieuws' },
  basis,
  ...extra,
});

interface AuditEntry {
  id: number;
  occurred_at: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: Record<string, unknown> | null;
}

async function audit(query: string): Promise<{ events: AuditEntry[]; next_before: number | null }> {
  const res = await env.api('GET', `/v1/audit${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json() as Promise<{ events: AuditEntry[]; next_before: number | null }>;
}

async function presendAnswers(topic: string, recipients: string[]): Promise<boolean[]> {
  const res = await env.api('POST', '/v1/presend', { topic, recipients }, { key: presendKey });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: Array<{ send: boolean }> }).results.map((r) => r.send);
}

/** One contact in every state the verdict rests on, for a topic. */
/** A customer, whom a legitimate-interest topic reaches without a choice. */
async function customer(email: string): Promise<string> {
  const res = await env.api('POST', '/v1/contacts', { email, customer_since: '2024-01-01' });
  expect(res.status).toBe(200);
  return email;
}

async function everyKindOfContact(topic: string): Promise<string[]> {
  return [
    await contactWith(env, { [topic]: 'subscribed' }),
    await contactWith(env, {}),
    await customer(await contactWith(env, {})),
    await contactWith(env, { [topic]: 'unsubscribed' }),
    await contactWith(env, { [topic]: 'pending' }),
    await customer(await contactWith(env, { [topic]: 'pending' })),
    await unsubscribedFromAll(env),
    await suppressed(env, 'bounced', await contactWith(env, {})),
    await suppressed(env, 'complained', await contactWith(env, { [topic]: 'subscribed' })),
  ];
}

describe('changing the legal basis of a topic', () => {
  it('is refused with 409 unless confirmed, changes nothing, and says how many contacts it would affect', async () => {
    const key = uniqueTopicKey('basis');
    expect((await env.api('PUT', `/v1/topics/${key}`, topicBody('consent'))).status).toBe(201);
    const recipients = await everyKindOfContact(key);
    const before = await presendAnswers(key, recipients);

    const refused = await env.api('PUT', `/v1/topics/${key}`, topicBody('legitimate_interest'));
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toContain('confirm_basis_change');
    expect(body.error.details).toMatchObject({ from: 'consent', to: 'legitimate_interest' });

    expect(await presendAnswers(key, recipients)).toEqual(before);
    const topics = (await (await env.api('GET', '/v1/topics')).json()) as {
      topics: Array<{ key: string; basis: string }>;
    };
    expect(topics.topics.find((t) => t.key === key)?.basis).toBe('consent');
    expect((await audit(`?subject_id=${key}&action=topic.basis_changed`)).events).toEqual([]);
  });

  it('with confirm_basis_change answers how many contacts presend now answers differently for, in both directions', async () => {
    const key = uniqueTopicKey('basis');
    await env.api('PUT', `/v1/topics/${key}`, topicBody('consent'));
    const recipients = await everyKindOfContact(key);
    // Every contact of this whole database counts, not only the ones made here.
    const everyone = (await env.deps.db.all<{ email: string }>(sql`select email from contacts`)).map(
      (r) => r.email,
    );
    expect(everyone).toEqual(expect.arrayContaining(recipients));

    for (const [from, to] of [
      ['consent', 'legitimate_interest'],
      ['legitimate_interest', 'consent'],
    ] as const) {
      const before = await presendAnswers(key, everyone);
      const refused = await env.api('PUT', `/v1/topics/${key}`, topicBody(to));
      expect(refused.status, `${from} → ${to}`).toBe(409);
      const res = await env.api('PUT', `/v1/topics/${key}`, topicBody(to, { confirm_basis_change: true }));
      expect(res.status).toBe(200);
      const saved = (await res.json()) as { basis: string; verdicts_changed: number };
      const after = await presendAnswers(key, everyone);
      const flipped = after.filter((send, i) => send !== before[i]).length;
      expect(saved).toMatchObject({ basis: to, verdicts_changed: flipped });
      // Customers with no row or pending, and non-customers who subscribed: their answer depends on the basis.
      expect(flipped).toBeGreaterThanOrEqual(2);
      expect((await refused.json()).error.details.verdicts_changed).toBe(flipped);
    }
  });

  it('an update that keeps the basis needs no confirmation and answers verdicts_changed 0', async () => {
    const key = uniqueTopicKey('same');
    const created = await env.api('PUT', `/v1/topics/${key}`, topicBody('legitimate_interest'));
    expect(await created.json()).toMatchObject({ verdicts_changed: 0 });
    const renamed = await env.api('PUT', `/v1/topics/${key}`, {
      ...topicBody('legitimate_interest'),
      name: { en: 'Renamed', nl: 'Hernoemd' },
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ basis: 'legitimate_interest', verdicts_changed: 0 });
  });
});

describe('the audit log', () => {
  it('records who created a topic, changed its basis and updated it, when, from what to what; newest first', async () => {
    const staffKey = await createKey(env, ['admin'], 'staff member');
    const keys = (await (await env.api('GET', '/v1/keys')).json()) as {
      keys: Array<{ id: string; name: string }>;
    };
    const staffId = keys.keys.find((k) => k.name === 'staff member')!.id;
    const key = uniqueTopicKey('audited');
    const as = { key: staffKey };
    const t0 = env.clock.now().getTime();
    const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

    await env.api('PUT', `/v1/topics/${key}`, topicBody('consent'), as);
    env.clock.advance(60_000);
    await env.api('PUT', `/v1/topics/${key}`, topicBody('consent'), as); // no change: no entry
    await env.api('PUT', `/v1/topics/${key}`, topicBody('legitimate_interest'), as); // refused: no entry
    await env.api(
      'PUT',
      `/v1/topics/${key}`,
      topicBody('legitimate_interest', { confirm_basis_change: true }),
      as,
    );
    env.clock.advance(60_000);
    await env.api('PUT', `/v1/topics/${key}`, topicBody('legitimate_interest', { archived: true }));

    const { events } = await audit(`?subject_type=topic&subject_id=${key}`);
    expect(events.map((e) => e.action)).toEqual(['topic.updated', 'topic.basis_changed', 'topic.created']);
    const [archived, basis, created] = events;
    expect(created).toMatchObject({
      actor_type: 'api_key',
      actor_id: staffId,
      subject_type: 'topic',
      subject_id: key,
      occurred_at: at(0),
      details: { basis: 'consent', name: { en: 'Product news', nl: 'Productnieuws' } },
    });
    expect(basis).toMatchObject({
      actor_id: staffId,
      occurred_at: at(1),
      details: { from: 'consent', to: 'legitimate_interest', verdicts_changed: expect.any(Number) },
    });
    expect(archived).toMatchObject({
      actor_id: 'env:ADMIN_API_KEY',
      occurred_at: at(2),
      details: { changes: { archived: { from: false, to: true } } },
    });
  });

  it('filters by action and pages with limit and next_before', async () => {
    for (let i = 0; i < 3; i++)
      await env.api('PUT', `/v1/topics/${uniqueTopicKey('page')}`, topicBody('consent'));
    const all = (await audit('?action=topic.created&limit=500')).events;
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.every((e) => e.action === 'topic.created')).toBe(true);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));

    const first = await audit('?action=topic.created&limit=2');
    expect(first.events.map((e) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id));
    const second = await audit(`?action=topic.created&limit=2&before=${first.next_before}`);
    expect(second.events.map((e) => e.id)).toEqual(all.slice(2, 4).map((e) => e.id));
    const last = await audit(`?action=topic.created&limit=500&before=${all[all.length - 1].id}`);
    expect(last).toEqual({ events: [], next_before: null });
  });

  it('refuses bad filters with 400 validation_failed', async () => {
    for (const query of ['?limit=0', '?limit=501', '?before=abc', '?before=-1']) {
      const res = await env.api('GET', `/v1/audit${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'validation_failed' } });
    }
  });

  it('is written in the same transaction as the change: no entry, no change', async () => {
    const broken = await createTestEnv();
    try {
      await broken.deps.db.run(sql`drop table audit_events`);
      const key = uniqueTopicKey('atomic');
      const res = await broken.api('PUT', `/v1/topics/${key}`, topicBody('consent'));
      expect(res.status).toBeGreaterThanOrEqual(500);
      const topics = (await (await broken.api('GET', '/v1/topics')).json()) as {
        topics: Array<{ key: string }>;
      };
      expect(topics.topics.map((t) => t.key)).not.toContain(key);
    } finally {
      broken.close();
    }
  });
});
