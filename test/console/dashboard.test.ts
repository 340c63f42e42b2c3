import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors, webhookEndpoints } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { lastWeekStarts, readDashboard } from '../../src/domain/dashboard';
import { writeSuppressions } from '../../src/domain/suppressions';
import {
  createContact,
  createKey,
  createTestEnv,
  createTopic,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';

let env: TestEnv;
let topic: string;
beforeAll(async () => {
  env = await createTestEnv({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
  env.clock.set('2026-12-10T09:00:00Z'); // a Thursday
  topic = await createTopic(env);
});
afterAll(() => env.close());

const dashboard = () => readDashboard({ ctx: domainContext(env.deps), input: {} });
const countsOf = async (key: string) => {
  const entry = (await dashboard()).topics.find((t) => t.topic.key === key);
  return entry && { subscribed: entry.subscribed, unsubscribed: entry.unsubscribed, pending: entry.pending };
};

async function writeSuppressionsFor(reasons: readonly ('bounced' | 'complained' | 'erased')[]) {
  for (const reason of reasons) {
    await writeSuppressions({
      ctx: domainContext(env.deps),
      input: { emails: [uniqueEmail(reason)], reason, source: 'test' },
    });
  }
}

describe('the dashboard', () => {
  it('counts subscribed, unsubscribed and pending per topic as contacts change', async () => {
    const a = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const b = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const signUp = await env.api('POST', '/v1/subscribe', {
      email: uniqueEmail(),
      topics: [topic],
      source: 'test',
    });
    expect(signUp.status).toBe(202);
    await env.deferred.settled();
    expect(await countsOf(topic)).toEqual({ subscribed: 3, unsubscribed: 0, pending: 1 });

    await env.api('POST', `/v1/contacts/${encodeURIComponent(a.email)}/unsubscribe`, {
      topic,
      source: 'phone',
    });
    await env.api('DELETE', `/v1/contacts/${encodeURIComponent(b.email)}`);
    expect(await countsOf(topic)).toEqual({ subscribed: 1, unsubscribed: 1, pending: 1 });

    // The totals agree with counting the table itself.
    const counted = await env.deps.db.all<{ topic_key: string; status: string; n: number }>(
      sql`select topic_key, status, count(*) as n from subscriptions group by 1, 2`,
    );
    const kept = await env.deps.db.all<{ topic_key: string; status: string; n: number }>(
      sql`select topic_key, status, n from topic_status_counts where n > 0`,
    );
    expect(kept.sort((x, y) => (x.topic_key + x.status).localeCompare(y.topic_key + y.status))).toEqual(
      counted.sort((x, y) => (x.topic_key + x.status).localeCompare(y.topic_key + y.status)),
    );
  });

  it('charts opt-ins and opt-outs per week over the last 12 weeks, per topic and for all topics', async () => {
    const weekly = await env.api('PUT', `/v1/topics/${topic}-weekly`, {
      name: { en: 'Weekly', nl: 'Wekelijks' },
      basis: 'consent',
    });
    expect(weekly.status).toBe(201);
    const key = `${topic}-weekly`;
    env.clock.set('2026-11-02T12:00:00Z'); // Monday, six weeks before this week
    const c = await createContact(env, { subscriptions: { [key]: 'subscribed' } });
    await createContact(env, { subscriptions: { [key]: 'subscribed' } });
    env.clock.set('2026-12-09T12:00:00Z');
    await env.api('POST', `/v1/contacts/${encodeURIComponent(c.email)}/unsubscribe`, {
      all: true,
      source: 'mail',
    });
    env.clock.set('2026-12-10T09:00:00Z');

    const { weekly: series } = await dashboard();
    const weeks = series.get(key)!;
    expect(weeks).toHaveLength(12);
    expect(weeks[0].weekStart).toBe('2026-09-21');
    expect(weeks[11].weekStart).toBe('2026-12-07');
    expect(weeks.find((w) => w.weekStart === '2026-11-02')).toMatchObject({ optIns: 2, optOuts: 0 });
    // "Unsubscribe from everything" is one opt-out for all topics.
    expect(series.get('')![11].optOuts).toBeGreaterThanOrEqual(1);
    expect(weeks[11]).toMatchObject({ optIns: 0, optOuts: 0 });
  });

  it('counts presend calls today, bounces and complaints', async () => {
    const key = await createKey(env);
    const before = (await dashboard()).presendCallsToday;
    for (let i = 0; i < 3; i++) {
      const res = await env.api('POST', '/v1/presend', { topic, email: uniqueEmail() }, { key });
      expect(res.status).toBe(200);
    }
    await env.deferred.settled();
    expect((await dashboard()).presendCallsToday).toBe(before + 3);
    env.clock.set('2026-12-11T09:00:00Z');
    expect((await dashboard()).presendCallsToday).toBe(0);
    env.clock.set('2026-12-10T09:00:00Z');
    expect((await dashboard()).suppressions).toEqual({ bounced: 0, complained: 0 });
    const listed = ['bounced', 'bounced', 'complained', 'erased'] as const;
    await writeSuppressionsFor(listed);
    expect((await dashboard()).suppressions).toEqual({ bounced: 2, complained: 1 });
  });

  it('lists open data requests by due date with the overdue ones counted, and failing webhooks', async () => {
    for (const received of ['2026-11-02T10:00:00Z', '2026-12-09T10:00:00Z']) {
      await env.api('POST', '/v1/requests', {
        email: uniqueEmail(),
        type: 'access',
        channel: 'email',
        received_at: received,
      });
    }
    const made = await env.api('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hook' });
    const { id } = (await made.json()) as { id: string };
    await env.deps.db.update(webhookEndpoints).set({ failingSince: new Date('2026-12-08T00:00:00Z') });
    const d = await dashboard();
    expect(d.openRequests).toMatchObject({ total: 2, overdue: 1 });
    expect(d.openRequests.soonest.map((r) => r.dueDate)).toEqual(['2026-11-09', '2026-12-16']);
    expect(d.failingTargets).toEqual([
      {
        kind: 'webhook',
        id,
        label: 'http://127.0.0.1:9/hook',
        since: new Date('2026-12-08T00:00:00Z'),
        reason: 'failing',
      },
    ]);
  });

  it('lists connectors whose pushes fail, or that were stopped because the tool refused their key', async () => {
    const made = await env.api('POST', '/v1/connectors', {
      type: 'brevo',
      name: 'Brevo main account',
      credentials: { api_key: 'brevo-key-0123456789' },
      api_base: 'http://127.0.0.1:9',
      settings: { topics: {} },
    });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    expect((await dashboard()).failingTargets.filter((t) => t.kind === 'connector')).toEqual([]);
    await env.deps.db
      .update(connectors)
      .set({ enabled: false, disabledAt: new Date('2026-12-08T00:00:00Z'), disabledReason: 'unauthorized' });
    expect((await dashboard()).failingTargets.filter((t) => t.kind === 'connector')).toEqual([
      { kind: 'connector', id, label: 'Brevo main account (brevo)', since: null, reason: 'unauthorized' },
    ]);
  });

  it('takes failing targets from every source it is given', async () => {
    const connector = async () => [
      { kind: 'connector', id: 'cn_1', label: 'Mailchimp', since: null, reason: 'failing' },
    ];
    const d = await readDashboard({ ctx: domainContext(env.deps), input: { failingTargets: [connector] } });
    expect(d.failingTargets.map((t) => t.kind)).toEqual(['connector']);
  });

  it('never scans contacts, subscriptions or the consent trail', async () => {
    const client = env.deps.db.$client;
    const seen: Array<{ sql: string; args: unknown[] }> = [];
    const execute = client.execute.bind(client);
    client.execute = ((stmt: unknown) => {
      if (typeof stmt === 'object' && stmt && 'sql' in stmt)
        seen.push(stmt as { sql: string; args: unknown[] });
      return execute(stmt as never);
    }) as typeof client.execute;
    try {
      await dashboard();
    } finally {
      client.execute = execute;
    }
    expect(seen.length).toBeGreaterThanOrEqual(8);
    for (const statement of seen) {
      const plan = await client.execute({
        sql: `EXPLAIN QUERY PLAN ${statement.sql}`,
        args: statement.args as never,
      });
      const details = plan.rows.map((r) => String(r.detail));
      expect(details.join('\n'), statement.sql).not.toMatch(
        /\b(SCAN|SEARCH) (contacts|subscriptions|consent_events)\b/,
      );
      expect(details.join('\n'), statement.sql).not.toMatch(/\bSCAN data_requests\b/);
    }
  });
});

describe('the weeks of the chart', () => {
  it('end with the week of today and start on Mondays', () => {
    expect(lastWeekStarts(new Date('2026-12-13T23:00:00Z'), 3)).toEqual([
      '2026-11-23',
      '2026-11-30',
      '2026-12-07',
    ]);
    expect(lastWeekStarts(new Date('2026-12-14T00:00:00Z'), 1)).toEqual(['2026-12-14']);
  });
});
