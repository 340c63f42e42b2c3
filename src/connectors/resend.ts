// Resend (https://api.resend.com), its own contacts and topics. Auth is a bearer API key.
// Contacts are addressed by id or address. A topic maps to a Resend topic: an opt-out of one
// topic is PATCH /contacts/{email}/topics with `opt_out` (the body a JSON list of
// { id, subscription }, as Resend's SDK sends it); an opt-out of everything sets the
// contact `unsubscribed: true`. Resend signs its webhooks the Standard Webhooks way (svix-*
// headers); set `webhook_secret` (whsec_…) in the credentials to verify them.
import { z } from 'zod';
import { signatureRefused } from '../domain/errors';
import { verifyWebhook } from '../http/standard-webhooks';
import { encodeEmail, inboundEmail, parseJsonBody, topicsWhere } from './common';
import { expectStatus } from './http';
import type { ConnectorTool, RemoteMember } from './types';

const Id = z.string().trim().min(1).max(100);
const Settings = z
  .object({ topics: z.record(z.string().min(1).max(100), z.object({ topic_id: Id }).strict()) })
  .strict();
type Settings = z.infer<typeof Settings>;
const Credentials = z
  .object({
    api_key: z.string().trim().min(8).max(200),
    webhook_secret: z.string().startsWith('whsec_').max(200).optional(),
  })
  .strict();
type Credentials = z.infer<typeof Credentials>;

const PAGE_SIZE = 100;

interface Contact {
  id?: string;
  email?: string;
  unsubscribed?: boolean;
}

async function memberOf(
  client: Parameters<ConnectorTool['push']>[0],
  s: Settings,
  c: Contact,
): Promise<RemoteMember> {
  const email = String(c.email ?? '').toLowerCase();
  if (c.unsubscribed) return { email, active: [], optedOut: Object.keys(s.topics).sort() };
  const res = expectStatus(
    await client.send({ method: 'GET', path: `/contacts/${encodeEmail(email)}/topics` }),
  );
  const rows = (res.body as { data?: Array<{ id?: string; subscription?: string }> }).data ?? [];
  const status = new Map(rows.map((r) => [r.id, r.subscription]));
  return {
    email,
    active: topicsWhere(s.topics, (t) => status.get(t.topic_id) === 'opt_in'),
    optedOut: topicsWhere(s.topics, (t) => status.get(t.topic_id) === 'opt_out'),
  };
}

export const resend: ConnectorTool<Settings, Credentials> = {
  type: 'resend',
  source: 'resend',
  settings: Settings,
  credentials: Credentials,
  defaultApiBase: () => 'https://api.resend.com',
  authHeaders: (c) => ({ authorization: `Bearer ${c.api_key}` }),
  // Resend's default limit is a few requests per second; fewer in flight means fewer 429s.
  maxConcurrent: 2,
  topics: (s) => Object.keys(s.topics).sort(),

  async push(client, s, change) {
    const path = `/contacts/${encodeEmail(change.email)}`;
    if (change.kind === 'opt_in_topic') {
      const created = await client.send({ method: 'POST', path: '/contacts', json: { email: change.email } });
      expectStatus(created, [409, 422]);
    }
    const res =
      change.kind === 'erase'
        ? await client.send({ method: 'DELETE', path })
        : change.kind === 'opt_out_all'
          ? await client.send({ method: 'PATCH', path, json: { unsubscribed: true } })
          : await client.send({
              method: 'PATCH',
              path: `${path}/topics`,
              // The body is the list itself, as Resend's own SDK sends it (contacts.topics.update).
              json: [
                {
                  id: s.topics[change.topic].topic_id,
                  subscription: change.kind === 'opt_in_topic' ? 'opt_in' : 'opt_out',
                },
              ],
            });
    return expectStatus(res, [404]).status === 404 ? 'unknown_member' : 'done';
  },

  async readPage(client, s, cursor) {
    const res = expectStatus(
      await client.send({
        method: 'GET',
        path: '/contacts',
        query: { limit: PAGE_SIZE, after: cursor ?? undefined },
      }),
    );
    const body = res.body as { data?: Contact[]; has_more?: boolean };
    const contacts = body.data ?? [];
    const members: RemoteMember[] = [];
    for (const c of contacts) members.push(await memberOf(client, s, c));
    const last = contacts.at(-1)?.id;
    return { members, next: body.has_more && last ? last : null };
  },

  async readMember(client, s, email) {
    const res = await client.send({ method: 'GET', path: `/contacts/${encodeEmail(email)}` });
    if (expectStatus(res, [404]).status === 404) return null;
    return memberOf(client, s, res.body as Contact);
  },

  parseInbound(request, s, credentials) {
    if (!credentials.webhook_secret) {
      throw signatureRefused('set webhook_secret (whsec_…) on the connector to accept Resend webhooks');
    }
    const header = (name: string) => request.header(`svix-${name}`) ?? request.header(`webhook-${name}`);
    try {
      verifyWebhook(
        credentials.webhook_secret,
        { id: header('id'), timestamp: header('timestamp'), signature: header('signature') },
        request.body,
        request.now,
      );
    } catch {
      throw signatureRefused('the webhook signature does not verify');
    }
    const body = parseJsonBody(request.body) as {
      type?: unknown;
      data?: { email?: unknown; unsubscribed?: unknown };
    };
    const email = inboundEmail(body?.data?.email);
    if (body?.type !== 'contact.updated' || !email)
      return [{ kind: 'ignore', what: `${String(body?.type)} (ignored)` }];
    if (body.data?.unsubscribed !== true)
      return [{ kind: 'ignore', what: 'contact.updated (still subscribed)' }];
    return [{ kind: 'opt_out', email, topics: Object.keys(s.topics).sort(), what: 'contact unsubscribed' }];
  },
};
