// A stand-in for the Brevo API v3, from its public reference: the `api-key` header (401
// { code: 'unauthorized' } otherwise), contacts addressed by their address (URL-encoded) under
// /v3/contacts/{identifier}: PUT updates (emailBlacklisted, listIds, unlinkListIds) and
// answers 204, DELETE answers 204, both 404 { code: 'document_not_found' } for an unknown
// contact; POST /v3/contacts creates (201 { id }) or, with updateEnabled, updates (204);
// GET /v3/contacts pages with limit (at most 1000) and offset and gives `count`. Brevo's 429
// carries x-sib-ratelimit-* headers; it does not document a Retry-After header.
import { type Answer, match, type StandIn, startStandIn } from './tool-stand-in';

export interface BrevoContact {
  id: number;
  email: string;
  emailBlacklisted: boolean;
  listIds: number[];
  listUnsubscribed: number[];
}

export interface BrevoStandIn extends StandIn {
  apiKey: string;
  apiBase: string;
  contacts: Map<string, BrevoContact>;
  add(contact: Partial<BrevoContact> & { email: string }): void;
}

const notFound: Answer = {
  status: 404,
  body: { code: 'document_not_found', message: 'Contact does not exist' },
};

export async function startBrevoStandIn(apiKey = 'xkeysib-0123456789abcdef'): Promise<BrevoStandIn> {
  const contacts = new Map<string, BrevoContact>();
  let nextId = 1;
  const add = (c: Partial<BrevoContact> & { email: string }) => {
    contacts.set(c.email.toLowerCase(), {
      id: nextId++,
      emailBlacklisted: false,
      listIds: [],
      listUnsubscribed: [],
      ...c,
      email: c.email.toLowerCase(),
    });
  };
  const base = await startStandIn({
    authorize: (call) =>
      call.headers['api-key'] === apiKey
        ? null
        : { status: 401, body: { code: 'unauthorized', message: 'Key not found' } },
    route(call) {
      const body = (call.body ?? {}) as Partial<BrevoContact> & {
        unlinkListIds?: number[];
        updateEnabled?: boolean;
      };
      if (call.path === '/v3/contacts' && call.method === 'GET') {
        const limit = Number(call.query.limit ?? 50);
        if (limit > 1000)
          return { status: 400, body: { code: 'out_of_range', message: 'limit exceeds 1000' } };
        const offset = Number(call.query.offset ?? 0);
        const all = [...contacts.values()];
        return { status: 200, body: { contacts: all.slice(offset, offset + limit), count: all.length } };
      }
      if (call.path === '/v3/contacts' && call.method === 'POST') {
        const email = String(body.email).toLowerCase();
        const current = contacts.get(email);
        if (current && !body.updateEnabled)
          return { status: 400, body: { code: 'duplicate_parameter', message: 'Contact already exist' } };
        if (current) {
          current.listIds = [...new Set([...current.listIds, ...(body.listIds ?? [])])];
          current.listUnsubscribed = current.listUnsubscribed.filter(
            (l) => !(body.listIds ?? []).includes(l),
          );
          return { status: 204 };
        }
        add({ email, listIds: body.listIds ?? [] });
        return { status: 201, body: { id: contacts.get(email)?.id } };
      }
      const m = match('/v3/contacts/:identifier', call.path);
      if (!m) return { status: 404, body: { code: 'not_found', message: 'Not found' } };
      const contact = contacts.get(m.identifier.toLowerCase());
      if (!contact) return notFound;
      if (call.method === 'GET') return { status: 200, body: contact };
      if (call.method === 'DELETE') {
        contacts.delete(contact.email);
        return { status: 204 };
      }
      if (call.method === 'PUT') {
        if (body.emailBlacklisted !== undefined) contact.emailBlacklisted = body.emailBlacklisted;
        for (const list of body.unlinkListIds ?? []) {
          contact.listIds = contact.listIds.filter((l) => l !== list);
          if (!contact.listUnsubscribed.includes(list)) contact.listUnsubscribed.push(list);
        }
        if (body.listIds) contact.listIds = [...new Set([...contact.listIds, ...body.listIds])];
        return { status: 204 };
      }
      return { status: 405, body: { code: 'method_not_allowed', message: 'Method not allowed' } };
    },
  });
  return { ...base, apiKey, apiBase: `${base.url}/v3`, contacts, add };
}
