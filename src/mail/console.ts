// The local transport: keeps sent mail in memory (tests read it) and prints it, links and
// all, so a developer without a Resend account can click through the whole flow.
import { randomId } from '../crypto/random';
import type { MailTransport, OutgoingMail, SentMail } from './transport';

export interface OutboxTransport extends MailTransport {
  readonly sent: Array<OutgoingMail & SentMail>;
}

export function createOutboxTransport(opts: { print?: (line: string) => void } = {}): OutboxTransport {
  const sent: Array<OutgoingMail & SentMail> = [];
  const seen = new Map<string, SentMail>();
  return {
    sent,
    async send(mail) {
      const earlier = seen.get(mail.idempotencyKey);
      if (earlier) return earlier;
      const result = { id: randomId('local_', 9) };
      seen.set(mail.idempotencyKey, result);
      sent.push({ ...mail, ...result });
      opts.print?.(`\n[mail:${mail.kind}] to ${mail.to}: ${mail.subject}\n${mail.text}\n`);
      return result;
    },
  };
}

/**
 * A transport that also hands each mail it sent to `keep` (the local outbox the console shows).
 * A failure to keep it is reported to `onError` and does not fail the send: the mail is out.
 */
export function keptLocally(
  transport: MailTransport,
  keep: (mail: OutgoingMail, sent: SentMail) => Promise<void>,
  onError: (err: unknown) => void,
): MailTransport {
  return {
    async send(mail) {
      const sent = await transport.send(mail);
      await keep(mail, sent).catch(onError);
      return sent;
    },
  };
}

/**
 * The Worker's transport when no Resend key is configured: it cannot deliver mail, so it drops
 * each message, calls `warn` (never with the message, which holds an address and a signed
 * link) and says so in its answer (`unsent`, and an id that reads as such in the trail).
 * Unlike the outbox it keeps nothing: a long-lived isolate would otherwise pile up mail.
 */
export function createDroppingTransport(warn: () => void): MailTransport {
  return {
    async send() {
      warn();
      return { id: randomId('unsent_', 9), unsent: true };
    },
  };
}
