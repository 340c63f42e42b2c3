// The production mail transport: Resend's HTTP API, one POST /emails through `fetch`. The
// official SDK did the same request but brought ~100 KiB (minified) into the Worker, most of it
// for features mailprefs never uses (inbound mail parsing, React rendering). One idempotency
// key per message, so a retried send is delivered once. Errors become MailSendError; nothing
// here logs, because the caller knows which request the mail belonged to.
//
// Deliberately only POST /emails: Resend's contacts are the Resend connector's business
// (src/connectors/), and its account-wide suppression list is never touched, since it would
// also block our own confirmation and receipt mails.
import { retryAfterSeconds } from '../net/retry-after';
import { MailSendError, type MailTransport } from './transport';

export interface ResendTransportOptions {
  apiKey: string;
  /** `MAIL_FROM`, e.g. `Acme <news@acme.nl>`. */
  from: string;
  /** Only for tests and Resend-compatible gateways. */
  baseUrl?: string;
  /** SEND_TIMEOUT_MS unless set (tests). */
  timeoutMs?: number;
}

const DEFAULT_BASE_URL = 'https://api.resend.com';
const USER_AGENT = 'mailprefs (resend-api)';
/**
 * A send with no answer by then is given up and may be tried again (same idempotency key):
 * two of them and the retry pause stay well inside a sign-up's one-minute claim.
 */
export const SEND_TIMEOUT_MS = 15_000;

export function createResendTransport(opts: ResendTransportOptions): MailTransport {
  const endpoint = `${(opts.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '')}/emails`;
  return {
    async send(mail) {
      let res: Response;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          signal: AbortSignal.timeout(opts.timeoutMs ?? SEND_TIMEOUT_MS),
          headers: {
            authorization: `Bearer ${opts.apiKey}`,
            'content-type': 'application/json',
            'user-agent': USER_AGENT,
            'idempotency-key': mail.idempotencyKey,
          },
          body: JSON.stringify({
            from: mail.from ?? opts.from,
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            ...(mail.headers && Object.keys(mail.headers).length ? { headers: mail.headers } : {}),
            ...(mail.attachments?.length
              ? {
                  attachments: mail.attachments.map((a) => ({
                    filename: a.filename,
                    content: toBase64(a.content),
                    content_type: a.contentType,
                  })),
                }
              : {}),
            tags: [{ name: 'kind', value: mail.kind }],
          }),
        });
      } catch (err) {
        // No answer at all (network, DNS, timeout): worth a retry.
        const code = err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'application_error';
        throw new MailSendError(`Resend refused the message (no answer: ${code})`, null, code, true);
      }
      const answer = (await res.json().catch(() => null)) as { id?: unknown; name?: unknown } | null;
      if (res.ok && typeof answer?.id === 'string') return { id: answer.id };
      const status = res.ok ? null : res.status;
      const code = typeof answer?.name === 'string' ? answer.name : 'application_error';
      const retryable = status === null || status === 429 || status >= 500;
      throw new MailSendError(
        `Resend refused the message (${status ?? 'no answer'}: ${code})`,
        status,
        code,
        retryable,
        // Only a failure worth retrying has a "when": a 422 stays refused whatever the header says.
        { retryAfterMs: retryable ? waitAsked(res.headers.get('retry-after')) : null },
      );
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

/** Resend's JSON API takes attachment content as standard base64. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Resend's Retry-After in milliseconds, or null without a usable one. */
function waitAsked(header: string | null): number | null {
  const seconds = retryAfterSeconds(header, new Date());
  return seconds === undefined ? null : seconds * 1000;
}
