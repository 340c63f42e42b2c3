// Who the actors of audit entries are, for people reading the log: a user's address or an API
// key's name instead of an id. The log itself keeps ids only.
import { inArray } from 'drizzle-orm';
import { apiKeys, staffUsers } from '../db/schema';
import type { AuditEvent } from './audit';
import type { Op } from './context';

/** `actor_id` → a readable name, for the users and keys among `events`. */
export async function actorNames({ ctx, input }: Op<{ events: AuditEvent[] }>): Promise<Map<string, string>> {
  const ids = (type: string) => [
    ...new Set(input.events.filter((e) => e.actorType === type && e.actorId).map((e) => e.actorId!)),
  ];
  const [users, keys] = await Promise.all([
    ids('user').length
      ? ctx.db
          .select({ id: staffUsers.id, name: staffUsers.email })
          .from(staffUsers)
          .where(inArray(staffUsers.id, ids('user')))
      : [],
    ids('api_key').length
      ? ctx.db
          .select({ id: apiKeys.id, name: apiKeys.name })
          .from(apiKeys)
          .where(inArray(apiKeys.id, ids('api_key')))
      : [],
  ]);
  return new Map([...users, ...keys].map((r) => [r.id, r.name]));
}
