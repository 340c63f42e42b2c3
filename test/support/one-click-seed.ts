// Contacts subscribed to one topic, each with its own one-click unsubscribe path, written
// straight into a database file before a server is started on it: the one-click bench and the
// kill -9 test need thousands of them, which the API would take too long to make.
import { sql } from 'drizzle-orm';
import { parseConfig } from '../../src/config';
import { domainContext, webhookContext } from '../../src/deps';
import { systemActor } from '../../src/domain/audit';
import { ensureContacts } from '../../src/domain/contacts';
import { upsertTopic } from '../../src/domain/topic-changes';
import { createWebhookEndpoint } from '../../src/domain/webhook-endpoints';
import { buildNodeDeps } from '../../src/node/deps';

export interface OneClickPerson {
  contactId: string;
  /** `/u/<token>`: the List-Unsubscribe URL's path for the topic `news`. */
  path: string;
}

export async function seedOneClickContacts(
  env: Record<string, string>,
  opts: {
    dataDir: string;
    count: number;
    prefix?: string;
    /** A webhook endpoint for contact.unsubscribed, so every opt-out also writes an outbox event. */
    webhookUrl?: string;
  },
): Promise<OneClickPerson[]> {
  const { deps, close } = await buildNodeDeps(parseConfig(env), { dataDir: opts.dataDir });
  try {
    const ctx = domainContext(deps);
    await upsertTopic({
      ctx,
      input: {
        key: 'news',
        actor: systemActor,
        topic: { name: { en: 'News', nl: 'Nieuws' }, basis: 'consent' },
      },
    });
    if (opts.webhookUrl) {
      await createWebhookEndpoint({
        ctx: webhookContext(deps),
        input: { url: opts.webhookUrl, events: ['contact.unsubscribed'] },
      });
    }
    const recipients = Array.from({ length: opts.count }, (_, i) => ({
      email: `${opts.prefix ?? 'burst'}${i}@example.nl`,
    }));
    const found = await deps.db.transaction((tx) =>
      ensureContacts({ ctx: { ...ctx, db: tx, inTransaction: true }, input: { recipients } }),
    );
    const ids = recipients.map((r) => (found.get(r.email) as { id: string }).id);
    await deps.db.run(sql`
      insert into subscriptions (contact_id, topic_key, status, updated_at)
      select value, 'news', 'subscribed', 0 from json_each(${JSON.stringify(ids)}) where true
      on conflict do nothing`);
    const people: OneClickPerson[] = [];
    for (const contactId of ids) {
      const token = await deps.signer.sign({ purpose: 'unsubscribe', contactId, topic: 'news' });
      people.push({ contactId, path: `/u/${token}` });
    }
    return people;
  } finally {
    close();
  }
}

/** Which of these contacts are unsubscribed from `news` with a trail entry and an outbox event. */
export async function unsubscribedOf(
  env: Record<string, string>,
  opts: { dataDir: string; contactIds: readonly string[] },
): Promise<{ unsubscribed: Set<string>; trailed: Set<string>; evented: Set<string> }> {
  const { deps, close } = await buildNodeDeps(parseConfig(env), { dataDir: opts.dataDir });
  try {
    const ids = JSON.stringify(opts.contactIds);
    const column = async (query: ReturnType<typeof sql>) =>
      new Set((await deps.db.all<{ id: string }>(query)).map((r) => r.id));
    return {
      unsubscribed: await column(sql`
        select contact_id as id from subscriptions
        where topic_key = 'news' and status = 'unsubscribed' and contact_id in (select value from json_each(${ids}))`),
      trailed: await column(sql`
        select distinct contact_id as id from consent_events
        where topic_key = 'news' and action = 'unsubscribe' and contact_id in (select value from json_each(${ids}))`),
      evented: await column(sql`
        select distinct contact_id as id from outbox_events
        where type = 'contact.unsubscribed' and contact_id in (select value from json_each(${ids}))`),
    };
  } finally {
    close();
  }
}
