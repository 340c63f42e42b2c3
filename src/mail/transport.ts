// How the service sends the mail it writes itself (double opt-in, preference links, deletion
// receipts). Resend in production (resend.ts); an in-process outbox that prints to the
// console when no Resend key is configured, so `npm start` works end to end.

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, for example List-Unsubscribe on marketing-adjacent mail. */
  headers?: Record<string, string>;
  /** Same key, same message: a retried send is not delivered twice. */
  idempotencyKey: string;
  /** What kind of mail this is, for logs and tests; never contains personal data. */
  kind: 'confirm' | 'preferences-link' | 'erasure-receipt' | 'receipt';
}

export interface SentMail {
  /** The transport's message id, kept in the consent trail. */
  id: string;
  /** Set when no mail service is configured: the message was dropped, not delivered. */
  unsent?: true;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<SentMail>;
}

/**
 * A send the transport could not complete. `retryable` is true for rate limits, server errors
 * and network failures, where the same message (same idempotency key) may be tried again.
 */
export class MailSendError extends Error {
  override name = 'MailSendError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
