// A stand-in for the Laposta API v2, from its public documentation: HTTP basic auth with the
// API key as the user name and no password (401 otherwise), form-encoded requests and JSON
// answers, /v2/member?list_id=… listing a list's members as { data: [ { member } ] } in one
// answer (Laposta documents no paging), /v2/member/{member_id or address}?list_id=… to read
// (GET), change (POST: state) or delete (DELETE) one member, and POST /v2/member to add one
// (ip required). Errors are { error: { type, message, code?, parameter? } }. Not found in the
// documentation, so chosen here: an unknown member answers 404, and a 429's Retry-After is
// sent only when a test asks for it.
import { type Answer, basicCredentials, match, type StandIn, startStandIn } from './tool-stand-in';

export interface LapostaMember {
  member_id: string;
  list_id: string;
  email: string;
  state: 'active' | 'unsubscribed' | 'cleaned';
}

export interface LapostaStandIn extends StandIn {
  apiKey: string;
  apiBase: string;
  lists: Map<string, Map<string, LapostaMember>>;
  add(list: string, member: Partial<LapostaMember> & { email: string }): void;
  member(list: string, email: string): LapostaMember | undefined;
}

const unknownMember: Answer = {
  status: 404,
  body: { error: { type: 'invalid_request', message: 'Unknown member' } },
};

export async function startLapostaStandIn(apiKey = 'JdMtbsMq2jqJdQZD9AHC'): Promise<LapostaStandIn> {
  const lists = new Map<string, Map<string, LapostaMember>>();
  let nextId = 1;
  const listOf = (id: string) => {
    let list = lists.get(id);
    if (!list) {
      list = new Map();
      lists.set(id, list);
    }
    return list;
  };
  const add = (list: string, m: Partial<LapostaMember> & { email: string }) =>
    void listOf(list).set(m.email.toLowerCase(), {
      member_id: `m${nextId++}`,
      list_id: list,
      state: 'active',
      ...m,
      email: m.email.toLowerCase(),
    });
  const find = (list: string, key: string) =>
    listOf(list).get(key.toLowerCase()) ?? [...listOf(list).values()].find((m) => m.member_id === key);
  const base = await startStandIn({
    authorize(call) {
      const creds = basicCredentials(call.headers);
      return creds && creds.user === apiKey && creds.password === ''
        ? null
        : { status: 401, body: { error: { type: 'invalid_request', message: 'No valid API-key provided' } } };
    },
    route(call) {
      const form = (call.body ?? {}) as Record<string, string>;
      const listId = call.query.list_id ?? form.list_id;
      if (!listId)
        return {
          status: 400,
          body: { error: { type: 'invalid_input', message: 'list_id is missing', parameter: 'list_id' } },
        };
      if (call.path === '/v2/member' && call.method === 'GET') {
        return { status: 200, body: { data: [...listOf(listId).values()].map((member) => ({ member })) } };
      }
      if (call.path === '/v2/member' && call.method === 'POST') {
        if (!form.ip)
          return {
            status: 400,
            body: { error: { type: 'invalid_input', message: 'ip is missing', parameter: 'ip' } },
          };
        if (find(listId, form.email))
          return {
            status: 400,
            body: { error: { type: 'invalid_input', message: 'Email address exists', code: 204 } },
          };
        add(listId, { email: form.email });
        return { status: 200, body: { member: find(listId, form.email) } };
      }
      const m = match('/v2/member/:id', call.path);
      if (!m) return { status: 404, body: { error: { type: 'invalid_request', message: 'Unknown URL' } } };
      const member = find(listId, m.id);
      if (!member) return unknownMember;
      if (call.method === 'GET') return { status: 200, body: { member } };
      if (call.method === 'DELETE') {
        listOf(listId).delete(member.email);
        return { status: 200, body: { member } };
      }
      if (call.method === 'POST') {
        if (form.state) member.state = form.state as LapostaMember['state'];
        return { status: 200, body: { member } };
      }
      return { status: 405, body: { error: { type: 'invalid_request', message: 'Method not allowed' } } };
    },
  });
  return {
    ...base,
    apiKey,
    apiBase: `${base.url}/v2`,
    lists,
    add,
    member: (list, email) => lists.get(list)?.get(email.toLowerCase()),
  };
}
