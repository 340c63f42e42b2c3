// Reconciliation, for each tool against its stand-in: opted out there but subscribed here is
// recorded here; opted out or erased here but active there is pushed there; known there but
// unknown here is only reported. A dry run changes nothing; --apply applies only opt-outs, in
// both directions, and nobody is subscribed anywhere; a second run finds nothing left; an
// interrupted apply resumes; a 429 is waited out. The command line prints the same table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli';
import { contactOf } from '../links/helpers';
import { startBrevoStandIn } from '../support/brevo-stand-in';
import { connect, createConnectorsEnv, erase, presendSends } from '../support/connectors';
import type { EventsEnv } from '../support/events';
import {
  ADMIN_KEY,
  createContact,
  createTopic,
  ENCRYPTION_KEY,
  SIGNING_KEYS,
  SUPPRESSION_KEY,
  uniqueEmail,
} from '../support/harness';
import { startLapostaStandIn } from '../support/laposta-stand-in';
import { startMailchimpStandIn } from '../support/mailchimp-stand-in';
import { startResendContactsStandIn } from '../support/resend-contacts-stand-in';
import type { StandIn } from '../support/tool-stand-in';

let env: EventsEnv;
let news: string;

beforeAll(async () => {
  // No dispatcher: the sync's own pushes are what these tests look at.
  env = await createConnectorsEnv({ dispatch: false });
  news = await createTopic(env);
});
afterAll(() => env.close());

/** How each tool's stand-in is set up and read for one topic. */
interface Tool {
  type: string;
  start(): Promise<StandIn & { apiKey: string; apiBase: string }>;
  settings: Record<string, unknown>;
  /** Puts a member there: active in the topic, or opted out of it. */
  seed(s: StandIn, email: string, active: boolean): void;
  activeThere(s: StandIn, email: string): boolean;
}

const call = (s: StandIn, name: string, ...args: unknown[]) =>
  (s as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args);

const tools: Tool[] = [
  {
    type: 'mailchimp',
    start: startMailchimpStandIn,
    settings: { topics: { NEWS: { list_id: 'aud1' } } },
    seed: (s, email, active) =>
      call(s, 'add', 'aud1', { email_address: email, status: active ? 'subscribed' : 'unsubscribed' }),
    activeThere: (s, email) =>
      (call(s, 'member', 'aud1', email) as { status?: string } | undefined)?.status === 'subscribed',
  },
  {
    type: 'brevo',
    start: startBrevoStandIn,
    settings: { topics: { NEWS: { list_id: 7 } } },
    seed: (s, email, active) =>
      call(s, 'add', active ? { email, listIds: [7] } : { email, listUnsubscribed: [7] }),
    activeThere: (s, email) => {
      const c = (
        s as unknown as { contacts: Map<string, { listIds: number[]; emailBlacklisted: boolean }> }
      ).contacts.get(email);
      return !!c && !c.emailBlacklisted && c.listIds.includes(7);
    },
  },
  {
    type: 'laposta',
    start: startLapostaStandIn,
    settings: { topics: { NEWS: { list_id: 'L1' } } },
    seed: (s, email, active) => call(s, 'add', 'L1', { email, state: active ? 'active' : 'unsubscribed' }),
    activeThere: (s, email) =>
      (call(s, 'member', 'L1', email) as { state?: string } | undefined)?.state === 'active',
  },
  {
    type: 'resend',
    start: startResendContactsStandIn,
    settings: { topics: { NEWS: { topic_id: 't1' } } },
    seed: (s, email, active) => call(s, 'add', { email, topics: { t1: active ? 'opt_in' : 'opt_out' } }),
    activeThere: (s, email) => {
      const c = call(s, 'contact', email) as
        | { unsubscribed: boolean; topics: Record<string, string> }
        | undefined;
      return !!c && !c.unsubscribed && c.topics.t1 === 'opt_in';
    },
  },
];

const withTopic = (settings: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(settings).replaceAll('NEWS', news)) as Record<string, unknown>;

async function sync(id: string, apply: boolean) {
  const res = await env.api('POST', `/v1/connectors/${id}/sync`, { apply });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as {
    members: number;
    counts: Record<string, number>;
    differences: Array<{ kind: string; email: string; topics: string[]; applied: boolean }>;
    resumed_from: string | null;
  };
}

describe.each(tools)('sync with $type', (tool) => {
  it('reports both directions on a dry run, applies only opt-outs with apply, and then finds nothing left', async () => {
    const s = await tool.start();
    try {
      const c = await connect(env, {
        type: tool.type,
        credentials: { api_key: s.apiKey },
        api_base: s.apiBase,
        settings: withTopic(tool.settings),
      });
      const outThere = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
      tool.seed(s, outThere.email, false);
      const outHere = await createContact(env, { subscriptions: { [news]: 'unsubscribed' } });
      tool.seed(s, outHere.email, true);
      const erased = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
      tool.seed(s, erased.email, true);
      await erase(env, erased.email);
      const same = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
      tool.seed(s, same.email, true);
      const stranger = uniqueEmail('stranger');
      tool.seed(s, stranger, true);

      const dry = await sync(c.id, false);
      expect(dry.members).toBe(5);
      const byEmail = Object.fromEntries(dry.differences.map((d) => [d.email, d]));
      expect(byEmail[outThere.email]).toMatchObject({ kind: 'opt_out_here', topics: [news], applied: false });
      expect(byEmail[outHere.email]).toMatchObject({ kind: 'opt_out_there', topics: [news], applied: false });
      expect(byEmail[erased.email]).toMatchObject({ kind: 'opt_out_there', topics: [], applied: false });
      expect(byEmail[stranger]).toMatchObject({ kind: 'unknown_here', applied: false });
      expect(byEmail[same.email]).toBeUndefined();
      // Nothing changed on either side.
      expect(s.handled.every((h) => h.method === 'GET')).toBe(true);
      expect(await presendSends(env, outThere.email, news)).toBe(true);
      expect(tool.activeThere(s, outHere.email)).toBe(true);

      const applied = await sync(c.id, true);
      expect(applied.counts).toEqual({ opt_out_here: 1, opt_out_there: 2, unknown_here: 1 });
      expect(await presendSends(env, outThere.email, news)).toBe(false);
      expect((await contactOf(env, outThere.email)).consent_trail.at(-1)).toMatchObject({
        source: tool.type,
      });
      expect(tool.activeThere(s, outHere.email)).toBe(false);
      expect(tool.activeThere(s, erased.email)).toBe(false);
      // Only opt-outs were applied: the stranger is still only there, nobody was subscribed anywhere.
      expect(tool.activeThere(s, stranger)).toBe(true);
      expect((await env.api('GET', `/v1/contacts/${encodeURIComponent(stranger)}`)).status).toBe(404);
      expect((await contactOf(env, same.email)).subscriptions[news]).toBe('subscribed');
      const writes = s.handled.filter((h) => h.method !== 'GET');
      expect(writes.some((h) => JSON.stringify(h.body ?? '').match(/"(subscribed|active|opt_in)"/))).toBe(
        false,
      );
      expect(writes.some((h) => h.method === 'POST' && /\/(contacts|member)$/.test(h.path))).toBe(false);

      const again = await sync(c.id, true);
      expect(again.counts).toEqual({ opt_out_here: 0, opt_out_there: 0, unknown_here: 1 });
    } finally {
      await s.close();
    }
  });
});

describe('sync', () => {
  it('resumes an interrupted apply where it stopped, and waits out a 429', async () => {
    const mc = await startMailchimpStandIn();
    try {
      const c = await connect(env, {
        type: 'mailchimp',
        credentials: { api_key: mc.apiKey },
        api_base: mc.apiBase,
        settings: { topics: { [news]: { list_id: 'aud1' }, [`${news}-b`]: { list_id: 'aud2' } } },
      });
      const p = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
      mc.add('aud1', { email_address: p.email, status: 'unsubscribed' });
      mc.add('aud2', { email_address: uniqueEmail() });
      // The first audience's page is read and applied; the second's read fails.
      mc.failNext({ status: 429, headers: { 'retry-after': '1' } });
      const answers = mc.calls.length;
      const first = await env.api('POST', `/v1/connectors/${c.id}/sync`, { apply: true });
      expect(first.status).toBe(200);
      expect(mc.calls.length - answers).toBeGreaterThanOrEqual(3); // the 429, its retry, the second audience
      expect(await presendSends(env, p.email, news)).toBe(false);

      const broken = await connect(env, {
        type: 'mailchimp',
        credentials: { api_key: mc.apiKey },
        api_base: mc.apiBase,
        settings: { topics: { [news]: { list_id: 'aud1' }, [`${news}-b`]: { list_id: 'aud2' } } },
      });
      // The first audience answers an empty page, the second a 500: the run stops with the
      // cursor kept after the first audience.
      const before = mc.calls.length;
      mc.failNext({ status: 200, body: { members: [], total_items: 0 } });
      mc.failNext({ status: 500 });
      const interrupted = await env.api('POST', `/v1/connectors/${broken.id}/sync`, { apply: true });
      expect(interrupted.status).toBe(503);
      expect(mc.calls.length - before).toBe(2);
      const resumed = await sync(broken.id, true);
      expect(resumed.resumed_from).toBe('1:0');
      expect(resumed.members).toBe(1);
    } finally {
      await mc.close();
    }
  });

  it('runs from the command line with a progress line and a table of differences', async () => {
    const brevo = await startBrevoStandIn();
    try {
      const c = await connect(env, {
        type: 'brevo',
        credentials: { api_key: brevo.apiKey },
        api_base: brevo.apiBase,
        settings: { topics: { [news]: { list_id: 7 } } },
      });
      const p = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
      brevo.add({ email: p.email, emailBlacklisted: true });
      const cliEnv = {
        DATABASE_URL: `file:${env.dbPath}`,
        ADMIN_API_KEY: ADMIN_KEY,
        SIGNING_KEYS,
        SUPPRESSION_HASH_KEY: SUPPRESSION_KEY,
        ENCRYPTION_KEY,
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        RETENTION_INTERVAL_MINUTES: '0',
        LOG_LEVEL: 'warn',
      };
      const dry = await runCli(['sync', c.id], cliEnv);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain('Dry run');
      expect(dry.stdout).toMatch(
        new RegExp(`opt out here\\s+${p.email.replace(/[.+]/g, '\\$&')}\\s+${news}`),
      );
      expect(dry.stderr).toMatch(/sync: .*1 \/ 1 members/);
      expect(await presendSends(env, p.email, news)).toBe(true);
      const applied = await runCli(['sync', c.id, '--apply'], cliEnv);
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stdout).toContain('Applied');
      expect(await presendSends(env, p.email, news)).toBe(false);
      expect(applied.stderr).not.toContain(brevo.apiKey);
      const usage = await runCli(['sync'], cliEnv);
      expect(usage.code).toBe(2);
    } finally {
      await brevo.close();
    }
    // Three processes of the command line, each starting tsx: slow on a busy machine.
  }, 90_000);
});
