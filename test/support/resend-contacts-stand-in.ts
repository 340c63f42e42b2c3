// A stand-in for Resend's contacts and topics API, from its public reference: a bearer API key
// (401 missing_api_key without one, 403 invalid_api_key for a wrong one), contacts addressed
// by id or address under /contacts/{id|email}: GET, PATCH { unsubscribed }, DELETE; their
// topics under /contacts/{id|email}/topics: GET lists { id, subscription }, PATCH with the
// list [ { id, subscription: opt_in|opt_out } ] as the body (the reference page names the body
// `topics`; Resend's own SDK, contacts.topics.update in resend@6, sends the bare list, and that
// is what is taken here; anything else is a 422); GET /contacts pages with limit and
// `after` and answers { object: 'list', has_more, data }. Errors are { statusCode, name,
// message }; Resend's 429 carries retry-after.
import { randomUUID } from 'node:crypto';
import { type Answer, match, type StandIn, startStandIn } from './tool-stand-in';

export interface ResendContact {
  id: string;
  email: string;
  unsubscribed: boolean;
  topics: Record<string, 'opt_in' | 'opt_out'>;
}

export interface ResendContactsStandIn extends StandIn {
  apiKey: string;
  apiBase: string;
  contacts: Map<string, ResendContact>;
  add(contact: Partial<ResendContact> & { email: string }): void;
  contact(email: string): ResendContact | undefined;
}

const error = (statusCode: number, name: string, message: string): Answer => ({
  status: statusCode,
  body: { statusCode, name, message },
});

export async function startResendContactsStandIn(
  apiKey = 're_test_contacts_0123456789',
): Promise<ResendContactsStandIn> {
  const contacts = new Map<string, ResendContact>();
  const add = (c: Partial<ResendContact> & { email: string }) =>
    void contacts.set(c.email.toLowerCase(), {
      id: randomUUID(),
      unsubscribed: false,
      topics: {},
      ...c,
      email: c.email.toLowerCase(),
    });
  const find = (key: string) =>
    contacts.get(key.toLowerCase()) ?? [...contacts.values()].find((c) => c.id === key);
  const view = ({ topics: _topics, ...c }: ResendContact) => ({ object: 'contact', ...c });
  const base = await startStandIn({
    authorize(call) {
      const header = call.headers.authorization;
      if (!header?.startsWith('Bearer '))
        return error(401, 'missing_api_key', 'Missing API key in the authorization header.');
      return header.slice(7) === apiKey ? null : error(403, 'invalid_api_key', 'API key is invalid');
    },
    route(call) {
      const body = (call.body ?? {}) as {
        email?: string;
        unsubscribed?: boolean;
      };
      if (call.path === '/contacts' && call.method === 'GET') {
        const all = [...contacts.values()];
        const limit = Math.min(Number(call.query.limit ?? 20), 100);
        const start = call.query.after ? all.findIndex((c) => c.id === call.query.after) + 1 : 0;
        const page = all.slice(start, start + limit);
        return {
          status: 200,
          body: { object: 'list', has_more: start + limit < all.length, data: page.map(view) },
        };
      }
      if (call.path === '/contacts' && call.method === 'POST') {
        if (find(String(body.email))) return error(409, 'conflict', 'Contact already exists');
        add({ email: String(body.email) });
        return { status: 201, body: { object: 'contact', id: find(String(body.email))?.id } };
      }
      let m = match('/contacts/:key/topics', call.path);
      if (m) {
        const contact = find(m.key);
        if (!contact) return error(404, 'not_found', 'Contact not found');
        if (call.method === 'GET') {
          const data = Object.entries(contact.topics).map(([id, subscription]) => ({ id, subscription }));
          return { status: 200, body: { object: 'list', has_more: false, data } };
        }
        if (!Array.isArray(call.body))
          return error(422, 'validation_error', 'The body must be a list of topics');
        for (const t of call.body as Array<{ id: string; subscription: 'opt_in' | 'opt_out' }>) {
          contact.topics[t.id] = t.subscription;
        }
        return { status: 200, body: { id: contact.id } };
      }
      m = match('/contacts/:key', call.path);
      if (!m) return error(404, 'not_found', 'Not found');
      const contact = find(m.key);
      if (!contact) return error(404, 'not_found', 'Contact not found');
      if (call.method === 'GET') return { status: 200, body: view(contact) };
      if (call.method === 'DELETE') {
        contacts.delete(contact.email);
        return { status: 200, body: { object: 'contact', contact: contact.id, deleted: true } };
      }
      if (call.method === 'PATCH') {
        if (body.unsubscribed !== undefined) contact.unsubscribed = body.unsubscribed;
        return { status: 200, body: { object: 'contact', id: contact.id } };
      }
      return error(405, 'method_not_allowed', 'Method not allowed');
    },
  });
  return {
    ...base,
    apiKey,
    apiBase: base.url,
    contacts,
    add,
    contact: (email) => contacts.get(email.toLowerCase()),
  };
}
