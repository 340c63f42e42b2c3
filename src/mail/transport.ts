// How the service sends the mail it writes itself (double opt-in, preference links, deletion
// receipts). Resend in production (resend.ts); an in-process outbox that prints to the
// console when no Resend key is configured, so `npm start` works end to end. What to send is
// the domain's (domain/mailer.ts); mailer.ts renders it into an OutgoingMail.
import type { SentMail } from '../domain/mailer';

// A transport's failures and answers are the domain's types: the domain decides on a retry.
export { MailSendError, type SentMail } from '../domain/mailer';

export interface OutgoingMail {
  to: string;
  /** The brand's sender; the transport's MAIL_FROM when absent. */
  from?: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, for example List-Unsubscribe on marketing-adjacent mail. */
  headers?: Record<string, string>;
  /** Files sent with the message, such as the data document of an access request. */
  attachments?: Array<{ filename: string; content: Uint8Array; contentType: string }>;
  /** Same key, same message: a retried send is not delivered twice. */
  idempotencyKey: string;
  /** What kind of mail this is, for logs and tests; never contains personal data. */
  kind: 'confirm' | 'preferences-link' | 'erasure-receipt' | 'receipt' | 'request-completed';
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<SentMail>;
}
