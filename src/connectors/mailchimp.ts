// Mailchimp (Marketing API 3.0). Auth is HTTP basic with any user name and the API key; the
// key's `-usNN` suffix names the data centre (https://usNN.api.mailchimp.com/3.0). Members are
// addressed by the MD5 of the lower-cased address. A topic maps to an interest (group) in the
// connector's audience (`list_id`) or to a whole audience. Mailchimp allows 10 concurrent
// connections per account, so requests are gated to 10. Webhooks cannot be signed: the URL's
// secret is the proof, and the URL check is a GET (answered by the route).
import { md5 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { AppError } from '../domain/errors';
import { inboundEmail, topicsWhere } from './common';
import { basicAuth, expectStatus, type ToolClient } from './http';
import type { ConnectorTool, InboundChange, MemberPage, RemoteMember } from './types';

const Id = z.string().trim().min(1).max(100);
const TopicMap = z.union([z.object({ interest_id: Id }).strict(), z.object({ list_id: Id }).strict()]);
const Settings = z
  .object({ list_id: Id.optional(), topics: z.record(z.string().min(1).max(100), TopicMap) })
  .strict()
  .refine((s) => s.list_id || Object.values(s.topics).every((t) => 'list_id' in t), {
    message: 'list_id is required when a topic maps to an interest',
  });
type Settings = z.infer<typeof Settings>;
const Credentials = z
  .object({
    api_key: z
      .string()
      .trim()
      .regex(/^[0-9a-f]+-us\d{1,3}$/i, 'must be a Mailchimp key ending in -usNN'),
  })
  .strict();
type Credentials = z.infer<typeof Credentials>;

const PAGE_SIZE = 500;

export const memberHash = (email: string) => bytesToHex(md5(new TextEncoder().encode(email.toLowerCase())));

/** Every audience the settings touch: the interests' audience first, then whole-audience topics. */
function audiences(s: Settings): string[] {
  const lists = Object.values(s.topics).map((t) => ('list_id' in t ? t.list_id : (s.list_id as string)));
  return [...new Set([...(s.list_id ? [s.list_id] : []), ...lists])];
}

/** The topics an audience-wide unsubscribe from `list` ends. */
function topicsOfAudience(s: Settings, list: string): string[] {
  return topicsWhere(s.topics, (t) => ('list_id' in t ? t.list_id === list : s.list_id === list));
}

interface Member {
  email_address?: string;
  status?: string;
  interests?: Record<string, boolean>;
}

/** What one audience's member means in topics; `strict` leaves an interest that is off undecided. */
function remoteMember(s: Settings, list: string, m: Member, strict: boolean): RemoteMember {
  const mine = topicsOfAudience(s, list);
  const email = String(m.email_address ?? '').toLowerCase();
  if (m.status === 'unsubscribed' || m.status === 'cleaned') return { email, active: [], optedOut: mine };
  if (m.status !== 'subscribed') return { email, active: [], optedOut: [] };
  const active: string[] = [];
  const optedOut: string[] = [];
  for (const key of mine) {
    const map = s.topics[key];
    if ('list_id' in map) active.push(key);
    else if (m.interests?.[map.interest_id]) active.push(key);
    else if (!strict) optedOut.push(key);
  }
  return { email, active, optedOut };
}

async function setStatus(client: ToolClient, list: string, email: string, body: object) {
  const res = await client.send({
    method: 'PATCH',
    path: `/lists/${list}/members/${memberHash(email)}`,
    json: body,
  });
  return expectStatus(res, [404]).status === 404 ? ('unknown_member' as const) : ('done' as const);
}

export const mailchimp: ConnectorTool<Settings, Credentials> = {
  type: 'mailchimp',
  source: 'mailchimp',
  settings: Settings,
  credentials: Credentials,
  defaultApiBase: (c) => `https://${c.api_key.split('-').pop()}.api.mailchimp.com/3.0`,
  authHeaders: (c) => ({ authorization: basicAuth('mailprefs', c.api_key) }),
  maxConcurrent: 10,
  topics: (s) => Object.keys(s.topics).sort(),

  async push(client, s, change) {
    if (change.kind === 'opt_out_topic' || change.kind === 'opt_in_topic') {
      const map = s.topics[change.topic];
      const list = 'list_id' in map ? map.list_id : (s.list_id as string);
      if (change.kind === 'opt_out_topic') {
        const body =
          'list_id' in map ? { status: 'unsubscribed' } : { interests: { [map.interest_id]: false } };
        return setStatus(client, list, change.email, body);
      }
      // Add or update as subscribed: only ever reached for a confirmed opt-in with push_opt_ins.
      const res = await client.send({
        method: 'PUT',
        path: `/lists/${list}/members/${memberHash(change.email)}`,
        json: {
          email_address: change.email,
          status_if_new: 'subscribed',
          status: 'subscribed',
          ...('interest_id' in map ? { interests: { [map.interest_id]: true } } : {}),
        },
      });
      expectStatus(res);
      return 'done';
    }
    let known = false;
    for (const list of audiences(s)) {
      if (change.kind === 'opt_out_all') {
        if ((await setStatus(client, list, change.email, { status: 'unsubscribed' })) === 'done')
          known = true;
      } else {
        const res = await client.send({
          method: 'POST',
          path: `/lists/${list}/members/${memberHash(change.email)}/actions/delete-permanent`,
        });
        if (expectStatus(res, [404]).status !== 404) known = true;
      }
    }
    return known ? 'done' : 'unknown_member';
  },

  async readPage(client, s, cursor) {
    const lists = audiences(s);
    const [index, offset] = cursor ? cursor.split(':').map(Number) : [0, 0];
    const list = lists[index];
    if (!list) return { members: [], next: null };
    const res = expectStatus(
      await client.send({
        method: 'GET',
        path: `/lists/${list}/members`,
        query: {
          count: PAGE_SIZE,
          offset,
          fields: 'members.email_address,members.status,members.interests,total_items',
        },
      }),
    );
    const body = res.body as { members?: Member[]; total_items?: number };
    const members = (body.members ?? []).map((m) => remoteMember(s, list, m, true));
    const more = offset + members.length < (body.total_items ?? 0) && members.length > 0;
    const next = more
      ? `${index}:${offset + members.length}`
      : index + 1 < lists.length
        ? `${index + 1}:0`
        : null;
    return { members, next, total: body.total_items } satisfies MemberPage;
  },

  async readMember(client, s, email) {
    if (!s.list_id) return null;
    const res = await client.send({
      method: 'GET',
      path: `/lists/${s.list_id}/members/${memberHash(email)}`,
    });
    if (expectStatus(res, [404]).status === 404) return null;
    return remoteMember(s, s.list_id, res.body as Member, false);
  },

  parseInbound(request, s) {
    if (!/^application\/x-www-form-urlencoded/i.test(request.contentType)) {
      throw new AppError('unsupported_media_type', 'Mailchimp posts application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(request.body);
    const type = form.get('type') ?? '';
    const list = form.get('data[list_id]') ?? '';
    const email = inboundEmail(form.get('data[email]') ?? form.get('data[old_email]'));
    const ours = audiences(s).includes(list);
    if (!email || !ours) return [{ kind: 'ignore', what: `${type || 'unknown'} (not a mapped audience)` }];
    const change = ((): InboundChange => {
      switch (type) {
        case 'unsubscribe':
          return {
            kind: 'opt_out',
            email,
            topics: topicsOfAudience(s, list),
            what: 'unsubscribe from an audience',
          };
        case 'cleaned':
          return form.get('data[reason]') === 'abuse'
            ? { kind: 'suppress', email, reason: 'complained', what: 'cleaned (abuse)' }
            : { kind: 'suppress', email, reason: 'bounced', what: 'cleaned (bounce)' };
        case 'profile':
          return { kind: 'recheck', email, what: 'profile update' };
        case 'upemail':
          return { kind: 'ignore', what: 'address change (not followed)' };
        default:
          // subscribe and anything else: inbound calls never opt anyone in.
          return { kind: 'ignore', what: `${type || 'unknown'} (ignored)` };
      }
    })();
    return [change];
  },
};
