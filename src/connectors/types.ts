// The one small interface every mailing tool implements (one file per tool, named in the
// registry and nowhere else): push one change, read a page of members, parse an inbound call.
// Tools speak HTTP only through the ToolClient they are handed, so tests point it at local
// stand-ins and the runtime decides which addresses it may reach.
import type { z } from 'zod';
import type { ConnectorType } from '../db/schema';
import type { ToolClient } from './http';

/** A change mailprefs pushes, already mapped to the tool's topics (keys the settings map). */
export type PushChange =
  | { kind: 'opt_out_topic'; email: string; topic: string }
  | { kind: 'opt_out_all'; email: string }
  | { kind: 'erase'; email: string }
  | { kind: 'opt_in_topic'; email: string; topic: string };

/** `done`, or `unknown_member` when the tool has never heard of the address (fine for an opt-out). */
export type PushResult = 'done' | 'unknown_member';

/** What a tool knows about one member, in mailprefs' topic keys. */
export interface RemoteMember {
  email: string;
  /** Mapped topics the member is active in there. */
  active: string[];
  /** Mapped topics the member opted out of there (or every mapped topic when blocked). */
  optedOut: string[];
}

export interface MemberPage {
  members: RemoteMember[];
  /** The cursor of the next page, or null after the last. */
  next: string | null;
  /** How many members the tool has in all, when it says (for the progress bar). */
  total?: number;
}

export interface InboundRequest {
  method: string;
  contentType: string;
  body: string;
  header(name: string): string | undefined;
  now: Date;
}

/**
 * What an inbound call means in mailprefs: only ever an opt-out or a suppression, never an
 * opt-in. `recheck` asks the caller to read the member back from the tool (Mailchimp's
 * profile calls name groups, not the ids the settings map).
 */
export type InboundChange =
  | { kind: 'opt_out'; email: string; topics: string[]; what: string }
  | { kind: 'suppress'; email: string; reason: 'bounced' | 'complained'; what: string }
  | { kind: 'recheck'; email: string; what: string }
  | { kind: 'ignore'; what: string };

export interface ConnectorTool<S = unknown, C = unknown> {
  type: ConnectorType;
  /** The trail source of changes the tool reports. */
  source: string;
  settings: z.ZodType<S>;
  credentials: z.ZodType<C>;
  /** The vendor's base URL for these credentials (Mailchimp's depends on the key's data centre). */
  defaultApiBase(credentials: C): string;
  authHeaders(credentials: C): Record<string, string>;
  /** Headers besides Retry-After that say when to try again after a 429 (seconds). */
  retryAfterHeaders?: string[];
  /** Requests a tool may have in flight at once per connector (Mailchimp allows 10). */
  maxConcurrent: number;
  /** The mapped topic keys. */
  topics(settings: S): string[];
  push(client: ToolClient, settings: S, change: PushChange): Promise<PushResult>;
  readPage(client: ToolClient, settings: S, cursor: string | null): Promise<MemberPage>;
  /** null when the tool does not know the address. */
  readMember(client: ToolClient, settings: S, email: string): Promise<RemoteMember | null>;
  /** Throws AppError('unauthorized') when the call does not verify. */
  parseInbound(request: InboundRequest, settings: S, credentials: C): InboundChange[];
}
