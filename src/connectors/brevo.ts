// Brevo (API v3, https://api.brevo.com/v3). Auth is the `api-key` header. Contacts are
// addressed by their address (URL-encoded). A topic maps to a numeric list; an opt-out of one
// topic unlinks the list, an opt-out of everything blocklists the contact for email
// (`emailBlacklisted`). Marketing webhooks post JSON and may carry a bearer token (set
// `webhook_token` in the credentials to require it).
import { z } from 'zod';
import { AppError } from '../domain/errors';
import { encodeEmail, inboundEmail, parseJsonBody, requireBearer, topicsWhere } from './common';
import { expectStatus } from './http';
import type { ConnectorTool, InboundChange, RemoteMember } from './types';

const Settings = z
  .object({
    topics: z.record(z.string().min(1).max(100), z.object({ list_id: z.number().int().positive() }).strict()),
  })
  .strict();
type Settings = z.infer<typeof Settings>;
const Credentials = z
  .object({
    api_key: z.string().trim().min(8).max(200),
    webhook_token: z.string().min(16).max(200).optional(),
  })
  .strict();
type Credentials = z.infer<typeof Credentials>;

const PAGE_SIZE = 500;

interface Contact {
  email?: string;
  emailBlacklisted?: boolean;
  listIds?: number[];
  listUnsubscribed?: number[];
}

function remoteMember(s: Settings, c: Contact): RemoteMember {
  const email = String(c.email ?? '').toLowerCase();
  const all = Object.keys(s.topics).sort();
  if (c.emailBlacklisted) return { email, active: [], optedOut: all };
  return {
    email,
    active: topicsWhere(s.topics, (t) => (c.listIds ?? []).includes(t.list_id)),
    optedOut: topicsWhere(s.topics, (t) => (c.listUnsubscribed ?? []).includes(t.list_id)),
  };
}

export const brevo: ConnectorTool<Settings, Credentials> = {
  type: 'brevo',
  source: 'brevo',
  settings: Settings,
  credentials: Credentials,
  defaultApiBase: () => 'https://api.brevo.com/v3',
  authHeaders: (c) => ({ 'api-key': c.api_key }),
  // Brevo says when its rate-limit window resets in x-sib-ratelimit-reset (seconds).
  retryAfterHeaders: ['x-sib-ratelimit-reset'],
  maxConcurrent: 10,
  topics: (s) => Object.keys(s.topics).sort(),

  async push(client, s, change) {
    const path = `/contacts/${encodeEmail(change.email)}`;
    if (change.kind === 'opt_in_topic') {
      const res = await client.send({
        method: 'POST',
        path: '/contacts',
        json: { email: change.email, listIds: [s.topics[change.topic].list_id], updateEnabled: true },
      });
      expectStatus(res);
      return 'done';
    }
    const res =
      change.kind === 'erase'
        ? await client.send({ method: 'DELETE', path })
        : await client.send({
            method: 'PUT',
            path,
            json:
              change.kind === 'opt_out_all'
                ? { emailBlacklisted: true }
                : { unlinkListIds: [s.topics[change.topic].list_id] },
          });
    return expectStatus(res, [404]).status === 404 ? 'unknown_member' : 'done';
  },

  async readPage(client, s, cursor) {
    const offset = cursor ? Number(cursor) : 0;
    const res = expectStatus(
      await client.send({
        method: 'GET',
        path: '/contacts',
        query: { limit: PAGE_SIZE, offset, sort: 'asc' },
      }),
    );
    const body = res.body as { contacts?: Contact[]; count?: number };
    const contacts = body.contacts ?? [];
    const next =
      contacts.length > 0 && offset + contacts.length < (body.count ?? 0)
        ? String(offset + contacts.length)
        : null;
    return { members: contacts.map((c) => remoteMember(s, c)), next, total: body.count };
  },

  async readMember(client, s, email) {
    const res = await client.send({ method: 'GET', path: `/contacts/${encodeEmail(email)}` });
    if (expectStatus(res, [404]).status === 404) return null;
    return remoteMember(s, res.body as Contact);
  },

  parseInbound(request, s, credentials) {
    requireBearer(request.header('authorization'), credentials.webhook_token);
    if (!/^application\/json/i.test(request.contentType)) {
      throw new AppError('unsupported_media_type', 'Brevo posts application/json');
    }
    const body = parseJsonBody(request.body);
    // Brevo can batch its calls: an array of events.
    const events = (Array.isArray(body) ? body : [body]) as Array<Record<string, unknown>>;
    return events.slice(0, 1000).map((e): InboundChange => {
      const type = typeof e?.event === 'string' ? e.event : '';
      const email = inboundEmail(e?.email);
      if (!email) return { kind: 'ignore', what: `${type || 'unknown'} (no address)` };
      switch (type) {
        case 'unsubscribed':
        case 'unsubscribe':
          // An unsubscribe in Brevo is account-wide: every mapped topic.
          return { kind: 'opt_out', email, topics: Object.keys(s.topics).sort(), what: 'unsubscribe' };
        case 'hard_bounce':
        case 'hardBounce':
          return { kind: 'suppress', email, reason: 'bounced', what: 'hard bounce' };
        case 'spam':
          return { kind: 'suppress', email, reason: 'complained', what: 'marked as spam' };
        case 'list_removal':
        case 'listRemoval': {
          const lists = [e.list_id].flat().map(Number);
          const topics = topicsWhere(s.topics, (t) => lists.includes(t.list_id));
          return { kind: 'opt_out', email, topics, what: 'removed from a list' };
        }
        default:
          return { kind: 'ignore', what: `${type || 'unknown'} (ignored)` };
      }
    });
  },
};
