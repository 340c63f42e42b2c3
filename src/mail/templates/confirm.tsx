// The double opt-in confirmation mail, in the recipient's language (web/i18n), as plain text and
// HTML. The HTML is rendered with Hono JSX, which escapes every value (topic names come from
// staff, the brand name from its settings); nothing here uses raw().
import type { Brand } from '../../domain/brands';
import { fill, type Messages } from '../../web/i18n';
import { FooterHtml, footerLines } from '../brand-footer';
import type { OutgoingMail } from '../transport';

export interface ConfirmMailInput {
  to: string;
  m: Messages;
  brand: Brand;
  /** Topic names in the recipient's language. */
  topicNames: string[];
  confirmUrl: string;
  idempotencyKey: string;
}

export async function confirmMail(input: ConfirmMailInput): Promise<OutgoingMail> {
  const { m, brand } = input;
  const x = m.mail;
  const subject = fill(x.confirmSubject, { brand: brand.name });
  const asked = fill(x.confirmAsked, { brand: brand.name });
  const text = [
    x.confirmGreeting,
    '',
    asked,
    ...input.topicNames.map((name) => `- ${name}`),
    '',
    x.confirmAction,
    input.confirmUrl,
    '',
    x.confirmValidity,
    '',
    x.confirmIgnore,
    '',
    ...footerLines(brand, m),
    '',
  ].join('\n');
  const body = (
    <html lang={m.lang}>
      <head>
        <meta charset="utf-8" />
        <title>{subject}</title>
      </head>
      <body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328; max-width: 36rem;">
        <p>{x.confirmGreeting}</p>
        <p>{asked}</p>
        <ul>
          {input.topicNames.map((name) => (
            <li>{name}</li>
          ))}
        </ul>
        <p>{x.confirmAction}</p>
        <p>
          <a
            href={input.confirmUrl}
            style={`display: inline-block; padding: 10px 16px; background: ${brand.accent}; color: #ffffff; text-decoration: none; border-radius: 6px; font-weight: 600;`}
          >
            {x.confirmButton}
          </a>
        </p>
        <p style="font-size: 14px; color: #57606a;">{input.confirmUrl}</p>
        <p style="font-size: 14px; color: #57606a;">{x.confirmValidity}</p>
        <p style="font-size: 14px; color: #57606a;">{x.confirmIgnore}</p>
        <FooterHtml brand={brand} m={m} />
      </body>
    </html>
  );
  return {
    to: input.to,
    subject,
    text,
    html: `<!doctype html>${await body.toString()}`,
    idempotencyKey: input.idempotencyKey,
    kind: 'confirm',
  };
}
