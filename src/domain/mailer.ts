// The mail the service sends on its own, as the domain asks for it: what to send and to whom,
// never how it looks. src/mail/ renders each kind and hands it to the mail transport.
import type { RequestType } from '../db/schema';
import type { Brand } from './brand';
import type { Locale } from './locales';

/** What completing a data request did, as its confirmation mail tells it (data-requests.ts). */
export type RequestOutcome = 'exported' | 'erased' | 'opted_out' | 'rectified' | 'nothing_held';

/** Every mail is sent under a brand (its sender, name and footer); the default one when absent. */
export type DomainMail = { brand?: Brand } & (
  | {
      kind: 'confirm';
      to: string;
      locale: Locale;
      /** Topic names in the recipient's language. */
      topicNames: string[];
      confirmUrl: string;
      idempotencyKey: string;
    }
  | { kind: 'erasure-receipt'; to: string; contactId: string; locale: string | null }
  | { kind: 'preferences-link'; to: string; locale: Locale; url: string; idempotencyKey: string }
  | {
      kind: 'request-completed';
      to: string;
      locale: Locale;
      requestId: string;
      requestType: RequestType;
      outcome: RequestOutcome;
      receivedAt: Date;
      /** For an access request: the contact's data document, sent as an attachment. */
      dataDocument?: unknown;
    }
);

export interface SentMail {
  /** The transport's message id, kept in the consent trail. */
  id: string;
  /** Set when no mail service is configured: the message was dropped, not delivered. */
  unsent?: true;
}

export interface Mailer {
  /** Throws MailSendError when the transport could not send it. */
  send(mail: DomainMail): Promise<SentMail>;
}

/**
 * A send the transport could not complete. `retryable` is true for rate limits, server errors
 * and network failures, where the same message (same idempotency key) may be tried again.
 * `retryAfterMs` is the provider's own word on when to try again (its Retry-After), as data: the
 * transport reads the header, the domain decides what the wait means for its schedule.
 */
export class MailSendError extends Error {
  override name = 'MailSendError';
  readonly retryAfterMs: number | null;
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string,
    readonly retryable: boolean,
    hint: { retryAfterMs?: number | null } = {},
  ) {
    super(message);
    this.retryAfterMs = hint.retryAfterMs ?? null;
  }
}

/**
 * The provider refuses the API key (401/403): the operator's to fix, usually a key being
 * rotated. Worth trying the mail again later rather than giving it up, but someone must notice,
 * so callers log it at `error`. The one place this rule is written.
 */
export function isRefusedKey(err: unknown): boolean {
  return err instanceof MailSendError && (err.status === 401 || err.status === 403);
}
