// The double opt-in confirmation mail, in English and Dutch, as plain text and HTML. The HTML
// is rendered with Hono JSX, which escapes every value (topic names come from staff, the brand
// name from configuration); nothing here uses raw().
import type { Locale } from '../../domain/locales';
import type { OutgoingMail } from '../transport';

const texts = {
  en: {
    subject: (brand: string) => `Please confirm your subscription to ${brand}`,
    greeting: 'Hello,',
    asked: (brand: string) => `Someone, hopefully you, asked to receive these emails from ${brand}:`,
    action: 'To confirm, open the link below and press the Confirm button:',
    button: 'Confirm my subscription',
    validity: 'The link works for 7 days.',
    ignore:
      'Did not ask for this? Then ignore this email. You will not be subscribed and will not hear from us again about it.',
  },
  nl: {
    subject: (brand: string) => `Bevestig uw aanmelding bij ${brand}`,
    greeting: 'Hallo,',
    asked: (brand: string) => `Iemand, hopelijk u, wil deze e-mails van ${brand} ontvangen:`,
    action: 'Open de link hieronder en druk op de knop Bevestigen om dit te bevestigen:',
    button: 'Mijn aanmelding bevestigen',
    validity: 'De link werkt 7 dagen.',
    ignore: 'Niet aangevraagd? Negeer deze e-mail dan. U wordt niet aangemeld en hoort hier niets meer over.',
  },
} as const satisfies Record<Locale, unknown>;

export interface ConfirmMailInput {
  to: string;
  locale: Locale;
  brandName: string;
  /** Topic names in the recipient's language. */
  topicNames: string[];
  confirmUrl: string;
  idempotencyKey: string;
}

export async function confirmMail(input: ConfirmMailInput): Promise<OutgoingMail> {
  const m = texts[input.locale];
  const text = [
    m.greeting,
    '',
    m.asked(input.brandName),
    ...input.topicNames.map((name) => `- ${name}`),
    '',
    m.action,
    input.confirmUrl,
    '',
    m.validity,
    '',
    m.ignore,
    '',
  ].join('\n');
  const body = (
    <html lang={input.locale}>
      <head>
        <meta charset="utf-8" />
        <title>{m.subject(input.brandName)}</title>
      </head>
      <body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328; max-width: 36rem;">
        <p>{m.greeting}</p>
        <p>{m.asked(input.brandName)}</p>
        <ul>
          {input.topicNames.map((name) => (
            <li>{name}</li>
          ))}
        </ul>
        <p>{m.action}</p>
        <p>
          <a
            href={input.confirmUrl}
            style="display: inline-block; padding: 10px 16px; background: #1d4ed8; color: #ffffff; text-decoration: none; border-radius: 6px; font-weight: 600;"
          >
            {m.button}
          </a>
        </p>
        <p style="font-size: 14px; color: #57606a;">{input.confirmUrl}</p>
        <p style="font-size: 14px; color: #57606a;">{m.validity}</p>
        <p style="font-size: 14px; color: #57606a;">{m.ignore}</p>
      </body>
    </html>
  );
  return {
    to: input.to,
    subject: m.subject(input.brandName),
    text,
    html: `<!doctype html>${await body.toString()}`,
    idempotencyKey: input.idempotencyKey,
    kind: 'confirm',
  };
}
