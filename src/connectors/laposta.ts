// Laposta (API v2, https://api.laposta.org/v2). Auth is HTTP basic with the API key as the user
// name and no password. Requests are form-encoded, answers JSON. A member is addressed by its
// id or its address within one list (`list_id`). A topic maps to a list; an opt-out sets the
// member's state to `unsubscribed`, an erasure deletes the member. Laposta's member listing is
// one page per list (it does not page). Webhooks post JSON `{ data: [ { type, event, data } ] }`.
import { z } from 'zod';
import { AppError } from '../domain/errors';
import { encodeEmail, inboundEmail, parseJsonBody, topicsWhere } from './common';
import { basicAuth, expectStatus, type ToolClient } from './http';
import type { ConnectorTool, InboundChange, RemoteMember } from './types';

const Id = z.string().trim().min(1).max(100);
const Settings = z
  .object({ topics: z.record(z.string().min(1).max(100), z.object({ list_id: Id }).strict()) })
  .strict();
type Settings = z.infer<typeof Settings>;
const Credentials = z.object({ api_key: z.string().trim().min(8).max(200) }).strict();
type Credentials = z.infer<typeof Credentials>;

const lists = (s: Settings) => [...new Set(Object.values(s.topics).map((t) => t.list_id))].sort();

interface Member {
  email?: string;
  state?: string;
}

function remoteMember(s: Settings, list: string, m: Member): RemoteMember {
  const mine = topicsWhere(s.topics, (t) => t.list_id === list);
  const email = String(m.email ?? '').toLowerCase();
  if (m.state === 'active') return { email, active: mine, optedOut: [] };
  if (m.state === 'unsubscribed' || m.state === 'cleaned') return { email, active: [], optedOut: mine };
  return { email, active: [], optedOut: [] };
}

async function unsubscribeIn(client: ToolClient, list: string, email: string) {
  const res = await client.send({
    method: 'POST',
    path: `/member/${encodeEmail(email)}`,
    form: { list_id: list, state: 'unsubscribed' },
  });
  return expectStatus(res, [404]).status === 404 ? ('unknown_member' as const) : ('done' as const);
}

export const laposta: ConnectorTool<Settings, Credentials> = {
  type: 'laposta',
  source: 'laposta',
  settings: Settings,
  credentials: Credentials,
  defaultApiBase: () => 'https://api.laposta.org/v2',
  authHeaders: (c) => ({ authorization: basicAuth(c.api_key, '') }),
  maxConcurrent: 5,
  topics: (s) => Object.keys(s.topics).sort(),

  async push(client, s, change) {
    if (change.kind === 'opt_out_topic')
      return unsubscribeIn(client, s.topics[change.topic].list_id, change.email);
    if (change.kind === 'opt_in_topic') {
      // Reactivate a known member; add an unknown one. Laposta requires an IP for a new member:
      // the consent was given (and confirmed) in mailprefs, so none is claimed here.
      const list = s.topics[change.topic].list_id;
      const res = await client.send({
        method: 'POST',
        path: `/member/${encodeEmail(change.email)}`,
        form: { list_id: list, state: 'active' },
      });
      if (expectStatus(res, [404]).status !== 404) return 'done';
      const added = await client.send({
        method: 'POST',
        path: '/member',
        form: { list_id: list, email: change.email, ip: '0.0.0.0', source_url: 'mailprefs' },
      });
      expectStatus(added);
      return 'done';
    }
    let known = false;
    for (const list of lists(s)) {
      if (change.kind === 'opt_out_all') {
        if ((await unsubscribeIn(client, list, change.email)) === 'done') known = true;
      } else {
        const res = await client.send({
          method: 'DELETE',
          path: `/member/${encodeEmail(change.email)}`,
          query: { list_id: list },
        });
        if (expectStatus(res, [404]).status !== 404) known = true;
      }
    }
    return known ? 'done' : 'unknown_member';
  },

  async readPage(client, s, cursor) {
    const all = lists(s);
    const index = cursor ? Number(cursor) : 0;
    const list = all[index];
    if (!list) return { members: [], next: null };
    const res = expectStatus(await client.send({ method: 'GET', path: '/member', query: { list_id: list } }));
    const rows = ((res.body as { data?: Array<{ member?: Member }> }).data ?? []).map((r) => r.member ?? {});
    return {
      members: rows.map((m) => remoteMember(s, list, m)),
      next: index + 1 < all.length ? String(index + 1) : null,
    };
  },

  async readMember(client, s, email) {
    const found: RemoteMember = { email, active: [], optedOut: [] };
    let known = false;
    for (const list of lists(s)) {
      const res = await client.send({
        method: 'GET',
        path: `/member/${encodeEmail(email)}`,
        query: { list_id: list },
      });
      if (expectStatus(res, [404]).status === 404) continue;
      known = true;
      const m = remoteMember(s, list, (res.body as { member?: Member }).member ?? {});
      found.active.push(...m.active);
      found.optedOut.push(...m.optedOut);
    }
    return known ? found : null;
  },

  parseInbound(request, s) {
    if (!/^application\/json/i.test(request.contentType)) {
      throw new AppError('unsupported_media_type', 'Laposta posts application/json');
    }
    const body = parseJsonBody(request.body) as { data?: unknown };
    const items = Array.isArray(body?.data) ? (body.data as Array<Record<string, unknown>>) : [];
    return items.slice(0, 1000).map((item): InboundChange => {
      const member = (item?.data ?? {}) as { email?: unknown; list_id?: unknown; state?: unknown };
      const email = inboundEmail(member.email);
      const event = typeof item?.event === 'string' ? item.event : 'unknown';
      if (item?.type !== 'member' || !email) return { kind: 'ignore', what: `${event} (not a member event)` };
      if (event !== 'deactivated') return { kind: 'ignore', what: `${event} (ignored)` };
      const topics = topicsWhere(s.topics, (t) => t.list_id === member.list_id);
      if (member.state === 'cleaned')
        return { kind: 'suppress', email, reason: 'bounced', what: 'deactivated (cleaned)' };
      return { kind: 'opt_out', email, topics, what: 'deactivated in a list' };
    });
  },
};
