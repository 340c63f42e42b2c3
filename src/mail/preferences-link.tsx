// The "here is your preference link" mail, in the contact's language. Plain text and a
// minimal HTML part with the same words; no images or tracking.
import type { Messages } from '../web/i18n';
import type { OutgoingMail } from './transport';

export function preferencesLinkMail(opts: {
  m: Messages;
  brandName: string;
  to: string;
  url: string;
  idempotencyKey: string;
}): OutgoingMail {
  const r = opts.m.requestLink;
  const text = [r.mailGreeting, '', r.mailBody, opts.url, '', r.mailIgnore, '', `— ${opts.brandName}`].join(
    '\n',
  );
  const html = `<!doctype html>${(
    (
      <html lang={opts.m.lang}>
        <body>
          <p>{r.mailGreeting}</p>
          <p>{r.mailBody}</p>
          <p>
            <a href={opts.url}>{r.mailAction}</a>
          </p>
          <p>{r.mailIgnore}</p>
          <p>— {opts.brandName}</p>
        </body>
      </html>
    )
  ).toString()}`;
  return {
    to: opts.to,
    subject: r.mailSubject,
    text,
    html,
    idempotencyKey: opts.idempotencyKey,
    kind: 'preferences-link',
  };
}
