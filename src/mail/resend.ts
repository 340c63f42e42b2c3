// The production mail transport: Resend's HTTP API through the official SDK. One idempotency
// key per message, so a retried send is delivered once. Errors become MailSendError; nothing
// here logs, because the caller knows which request the mail belonged to.
//
// Deliberately only POST /emails: we never touch Resend's contacts or its account-wide
// suppression list, which would also block our own confirmation and receipt mails.
import { Resend } from 'resend';
import { MailSendError, type MailTransport } from './transport';

export interface ResendTransportOptions {
  apiKey: string;
  /** `MAIL_FROM`, e.g. `Acme <news@acme.nl>`. */
  from: string;
  /** Only for tests and Resend-compatible gateways. */
  baseUrl?: string;
}

const DEFAULT_BASE_URL = 'https://api.resend.com';

export function createResendTransport(opts: ResendTransportOptions): MailTransport {
  // The base URL is passed explicitly so the SDK never falls back to reading process.env.
  const resend = new Resend(opts.apiKey, { baseUrl: (opts.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '') });
  return {
    async send(mail) {
      const { data, error } = await resend.emails.send(
        {
          from: mail.from ?? opts.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          ...(mail.headers && Object.keys(mail.headers).length ? { headers: mail.headers } : {}),
          tags: [{ name: 'kind', value: mail.kind }],
        },
        { idempotencyKey: mail.idempotencyKey },
      );
      if (error || !data?.id) {
        const status = error?.statusCode ?? null;
        const code = error?.name ?? 'application_error';
        // statusCode null means the request never got an answer (network, DNS): worth a retry.
        const retryable = status === null || status === 429 || status >= 500;
        throw new MailSendError(
          `Resend refused the message (${status ?? 'no answer'}: ${code})`,
          status,
          code,
          retryable,
        );
      }
      return { id: data.id };
    },
  };
}

/** Resend when RESEND_API_KEY is set, else the given local transport (the console outbox). */
export function mailTransportFor(
  config: { resend: { apiKey?: string; baseUrl?: string }; mailFrom: string },
  local: () => MailTransport,
): MailTransport {
  return config.resend.apiKey
    ? createResendTransport({
        apiKey: config.resend.apiKey,
        baseUrl: config.resend.baseUrl,
        from: config.mailFrom,
      })
    : local();
}
