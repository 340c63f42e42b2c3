// The "here is your preference link" mail, in the contact's language and the brand the link
// was asked for at. Plain text and a minimal HTML part with the same words; no images or tracking.
import type { Brand } from '../domain/brands';
import type { Messages } from '../web/i18n';
import { FooterHtml, footerLines } from './brand-footer';
import type { OutgoingMail } from './transport';

export async function preferencesLinkMail(opts: {
  m: Messages;
  brand: Brand;
  to: string;
  url: string;
  idempotencyKey: string;
}): Promise<OutgoingMail> {
  const r = opts.m.requestLink;
  const text = [
    r.mailGreeting,
    '',
    r.mailBody,
    opts.url,
    '',
    r.mailIgnore,
    '',
    ...footerLines(opts.brand, opts.m),
  ].join('\n');
  const body = (
    <html lang={opts.m.lang}>
      <body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328; max-width: 36rem;">
        <p>{r.mailGreeting}</p>
        <p>{r.mailBody}</p>
        <p>
          <a href={opts.url} style={`color: ${opts.brand.accent};`}>
            {r.mailAction}
          </a>
        </p>
        <p>{r.mailIgnore}</p>
        <FooterHtml brand={opts.brand} m={opts.m} />
      </body>
    </html>
  );
  return {
    to: opts.to,
    subject: r.mailSubject,
    text,
    html: `<!doctype html>${await body.toString()}`,
    idempotencyKey: opts.idempotencyKey,
    kind: 'preferences-link',
  };
}
