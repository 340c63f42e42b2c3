// Many one-click opt-outs written as one set (src/domain/opt-out-batch.ts through the Node
// writer, and through the client store the Worker uses): each gets its own answer, and the rows
// are exactly those of the one-at-a-time path.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOptOutStore } from '../../src/db/opt-outs/client-store';
import { domainContext } from '../../src/deps';
import { AppError } from '../../src/domain/errors';
import type { TopicOptOut } from '../../src/domain/opt-out-batch';
import { commitEachAlone } from '../../src/domain/opt-out-commits';
import { createContact, createTestEnv, createTopic, type TestEnv } from '../support/harness';

let env: TestEnv;
let topic: string;
beforeAll(async () => {
  env = await createTestEnv();
  topic = await createTopic(env);
});
afterAll(() => env.close());

const consent = {
  source: 'one-click',
  ip: '192.0.2.77',
  userAgent: 'Mail/1.0',
  tokenId: 't_batchbatchbatch',
  campaign: 'spring',
};
const optOut = (contactId: string): TopicOptOut => ({ contactId, topic, consent });

async function subscribed(n: number) {
  const people: Array<{ id: string }> = [];
  // One after another: the API's writes are not what this file is about.
  for (let i = 0; i < n; i++)
    people.push(await createContact(env, { subscriptions: { [topic]: 'subscribed' } }));
  return people;
}

/** What an opt-out left for a contact, without the row ids and the contact's own id. */
async function written(contactId: string) {
  const trail = await env.deps.db.all<Record<string, unknown>>(
    sql`select * from consent_events where contact_id = ${contactId} and source = 'one-click' order by id`,
  );
  const subs = await env.deps.db.all(
    sql`select topic_key, status, updated_at from subscriptions where contact_id = ${contactId}`,
  );
  const contact = await env.deps.db.all(
    sql`select updated_at, last_activity_at from contacts where id = ${contactId}`,
  );
  return {
    trail: trail.map(({ id: _id, contact_id: _c, ...rest }) => rest),
    subs,
    contact,
  };
}

describe('one-click opt-outs written as one set', () => {
  it('answers each on its own: one for a contact that is gone is refused, the others commit, a repeat changes nothing', async () => {
    const people = await subscribed(5);
    const answers = await Promise.allSettled([
      ...people.map((p) => env.deps.optOuts.optOut(optOut(p.id))),
      env.deps.optOuts.optOut(optOut('c_nobodyhereatall')),
      // The same link posted twice in the same burst.
      env.deps.optOuts.optOut(optOut(people[0].id)),
    ]);
    expect(answers.map((a) => (a.status === 'fulfilled' ? a.value : 'refused'))).toEqual([
      true,
      true,
      true,
      true,
      true,
      'refused',
      false,
    ]);
    const refused = answers[5] as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AppError);
    expect((refused.reason as AppError).code).toBe('not_found');
    for (const p of people) {
      const rows = await written(p.id);
      expect(rows.trail).toHaveLength(1);
      expect(rows.subs).toEqual([expect.objectContaining({ topic_key: topic, status: 'unsubscribed' })]);
    }
    // Already unsubscribed: true once, false after, and no second trail entry.
    expect(await env.deps.optOuts.optOut(optOut(people[1].id))).toBe(false);
    expect((await written(people[1].id)).trail).toHaveLength(1);
  });

  it('an unknown topic is refused on its own too', async () => {
    const [person] = await subscribed(1);
    await expect(
      env.deps.optOuts.optOut({ ...optOut(person.id), topic: 'no-such-topic' }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await written(person.id)).trail).toHaveLength(0);
  });

  it('writes the same rows as the one-at-a-time path, on Node and through the Worker’s client store', async () => {
    const [alone, together, onClient] = await subscribed(3);
    const ctx = domainContext(env.deps);
    await commitEachAlone(ctx).optOut(optOut(alone.id));
    await env.deps.optOuts.optOut(optOut(together.id));
    await commitEachAlone(ctx, clientOptOutStore(env.deps.db.$client, env.deps.outbox)).optOut(
      optOut(onClient.id),
    );
    const expected = await written(alone.id);
    expect(expected.trail).toEqual([
      expect.objectContaining({
        topic_key: topic,
        action: 'unsubscribe',
        ip: '192.0.2.0',
        user_agent: 'Mail/1.0',
        token_id: 't_batchbatchbatch',
        campaign: 'spring',
      }),
    ]);
    expect(await written(together.id)).toEqual(expected);
    expect(await written(onClient.id)).toEqual(expected);
  });
});
