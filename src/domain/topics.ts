// Topics: the purposes a company mails for. Created and edited by staff (topic-changes.ts),
// archived rather than deleted so that the consent trail never points at nothing.
import { asc, eq, isNull } from 'drizzle-orm';
import { type LegalBasis, type LocalisedText, topics } from '../db/schema';
import type { DomainContext, Op } from './context';
import { AppError } from './errors';
import type { ReadCache } from './read-cache';

export type Topic = typeof topics.$inferSelect;

/**
 * Topic lookups need only the database (presend asks them with its own context), and presend
 * reads through a short-lived cache (read-cache.ts).
 */
type ReadContext = Pick<DomainContext, 'db'> & { topicCache?: ReadCache<Topic> };

export interface TopicInput {
  name: LocalisedText;
  description?: LocalisedText | null;
  basis: LegalBasis;
  /** The brand it is mailed under; kept as it is when absent (a new topic: `default`). */
  brand?: string;
  archived?: boolean;
}

export async function findTopic({
  ctx,
  input,
}: Op<{ key: string }, ReadContext>): Promise<Topic | undefined> {
  const read = async () => {
    const [topic] = await ctx.db.select().from(topics).where(eq(topics.key, input.key));
    return topic;
  };
  return ctx.topicCache ? ctx.topicCache.get(input.key, read) : read();
}

/** A topic that may be mailed or chosen: it exists and is not archived. */
export async function requireActiveTopic(op: Op<{ key: string }, ReadContext>): Promise<Topic> {
  const { key } = op.input;
  const topic = await findTopic(op);
  if (!topic) throw new AppError('not_found', `topic '${key}' does not exist`);
  if (topic.archivedAt) throw new AppError('conflict', `topic '${key}' is archived`);
  return topic;
}

export async function listTopics({
  ctx,
  input = {},
}: {
  ctx: ReadContext;
  input?: { includeArchived?: boolean };
}): Promise<Topic[]> {
  const query = ctx.db.select().from(topics);
  return (input.includeArchived ? query : query.where(isNull(topics.archivedAt))).orderBy(asc(topics.key));
}

/**
 * The topic's text in a locale, falling back to the brand's default language, then English,
 * then any language it has.
 */
export function localise(text: LocalisedText | null | undefined, locale: string, brandLocale = 'en'): string {
  if (!text) return '';
  return text[locale] ?? text[brandLocale] ?? text.en ?? Object.values(text)[0] ?? '';
}

/** Topics of one brand. */
export function ofBrand<T extends Pick<Topic, 'brand'>>(all: readonly T[], brand: string): T[] {
  return all.filter((t) => t.brand === brand);
}
