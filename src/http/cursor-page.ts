// Lists that grow without end (a connector's activity, an endpoint's deliveries) are read newest
// first, a page at a time. The cursor is the id the previous page stopped before: opaque to the
// caller, stable while new entries arrive, and checked as digits so it never reaches SQL as text.
import { z } from '@hono/zod-openapi';

/** The `limit` and `cursor` query of a page of `what` ("Deliveries", "Entries"). */
export function cursorPageQuery(what: string) {
  return z.object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .openapi({ description: `${what} per page (1–100)` }),
    cursor: z
      .string()
      .regex(/^\d{1,15}$/, 'must be a next_cursor from an earlier page')
      .optional()
      .openapi({ description: 'The next_cursor of the previous page' }),
  });
}

/** The id to read before, from a validated `cursor`. */
export function beforeOf(cursor: string | undefined): number | undefined {
  return cursor === undefined ? undefined : Number(cursor);
}

/** The `next_cursor` of a page: where the next one starts, or null after the last. */
export function nextCursorOf(nextBefore: number | null): string | null {
  return nextBefore === null ? null : String(nextBefore);
}
