// A stand-in for the Mailchimp Marketing API 3.0, from its public reference: HTTP basic auth
// with any user name and the API key (401 otherwise), members under
// /3.0/lists/{list_id}/members/{subscriber_hash} where the hash is the MD5 of the lower-cased
// address, PATCH to update (404 for an unknown member), PUT to add or update (status_if_new),
// POST …/actions/delete-permanent (204), paging with count and offset and total_items, errors
// as application/problem+json { type, title, status, detail, instance }, and its limit of 10
// concurrent connections answered with 429 and no Retry-After (Mailchimp documents none).
import { createHash } from 'node:crypto';
import { type Answer, basicCredentials, match, type StandIn, startStandIn } from './tool-stand-in';

export interface MailchimpMember {
  email_address: string;
  status: 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending';
  interests: Record<string, boolean>;
}

export interface MailchimpStandIn extends StandIn {
  apiKey: string;
  /** api_base for a connector: the stand-in's /3.0. */
  apiBase: string;
  lists: Map<string, Map<string, MailchimpMember>>;
  add(list: string, member: Partial<MailchimpMember> & { email_address: string }): void;
  member(list: string, email: string): MailchimpMember | undefined;
}

export const subscriberHash = (email: string) => createHash('md5').update(email.toLowerCase()).digest('hex');

const problem = (status: number, title: string, detail: string): Answer => ({
  status,
  body: {
    type: 'https://mailchimp.com/developer/marketing/docs/errors/',
    title,
    status,
    detail,
    instance: 'stand-in',
  },
  headers: { 'content-type': 'application/problem+json' },
});

export async function startMailchimpStandIn(
  apiKey = '0123456789abcdef0123456789abcdef-us21',
): Promise<MailchimpStandIn> {
  const lists = new Map<string, Map<string, MailchimpMember>>();
  const listOf = (id: string) => {
    let list = lists.get(id);
    if (!list) {
      list = new Map();
      lists.set(id, list);
    }
    return list;
  };
  const base = await startStandIn({
    authorize(call) {
      const creds = basicCredentials(call.headers);
      return creds && creds.password === apiKey
        ? null
        : problem(
            401,
            'API Key Invalid',
            'Your API key may be invalid, or you have attempted to access the wrong datacenter.',
          );
    },
    concurrencyLimit: 10,
    overLimit: problem(
      429,
      'Too Many Requests',
      'You have exceeded the limit of 10 simultaneous connections.',
    ),
    route(call) {
      const body = (call.body ?? {}) as Partial<MailchimpMember> & {
        status_if_new?: MailchimpMember['status'];
      };
      let m = match('/3.0/lists/:list/members', call.path);
      if (m && call.method === 'GET') {
        const all = [...listOf(m.list).values()];
        const offset = Number(call.query.offset ?? 0);
        const count = Math.min(Number(call.query.count ?? 10), 1000);
        return { status: 200, body: { members: all.slice(offset, offset + count), total_items: all.length } };
      }
      m = match('/3.0/lists/:list/members/:hash/actions/delete-permanent', call.path);
      if (m && call.method === 'POST') {
        const list = listOf(m.list);
        if (!list.has(m.hash))
          return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
        list.delete(m.hash);
        return { status: 204 };
      }
      m = match('/3.0/lists/:list/members/:hash', call.path);
      if (m) {
        const list = listOf(m.list);
        const current = list.get(m.hash);
        if (call.method === 'GET') {
          return current
            ? { status: 200, body: current }
            : problem(404, 'Resource Not Found', 'The requested resource could not be found.');
        }
        if (call.method === 'PATCH') {
          if (!current)
            return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
          if (body.status) current.status = body.status;
          if (body.interests) Object.assign(current.interests, body.interests);
          return { status: 200, body: current };
        }
        if (call.method === 'PUT') {
          const member: MailchimpMember = current ?? {
            email_address: String(body.email_address),
            status: body.status_if_new ?? 'subscribed',
            interests: {},
          };
          if (current && body.status) member.status = body.status;
          if (body.interests) Object.assign(member.interests, body.interests);
          list.set(m.hash, member);
          return { status: 200, body: member };
        }
      }
      return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    },
  });
  return {
    ...base,
    apiKey,
    apiBase: `${base.url}/3.0`,
    lists,
    add(list, member) {
      listOf(list).set(subscriberHash(member.email_address), {
        status: 'subscribed',
        interests: {},
        ...member,
      });
    },
    member: (list, email) => lists.get(list)?.get(subscriberHash(email)),
  };
}
