// The deletion receipt: the last mail an address gets from the service, sent just before its
// data is erased, as the companies' policies promise ("confirmation of deletion"). In the
// contact's language; plain words, no links to manage anything (there is nothing left).
import type { Brand } from '../domain/brands';
import { fill, type Messages } from '../web/i18n';
import { FooterHtml, footerLines } from './brand-footer';
import type { OutgoingMail } from './transport';

export async function erasureReceipt(opts: {
  to: string;
  contactId: string;
  m: Messages;
  brand: Brand;
}): Promise<OutgoingMail> {
  const { m, brand } = opts;
  const x = m.mail;
  const paragraphs = [
    x.erasureGreeting,
    fill(x.erasureDeleted, { brand: brand.name }),
    x.erasureKept,
    x.erasureLast,
    ...(brand.privacyContact ? [fill(x.erasureQuestions, { contact: brand.privacyContact })] : []),
  ];
  const body = (
    <html lang={m.lang}>
      <body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328; max-width: 36rem;">
        {paragraphs.map((p) => (
          <p>{p}</p>
        ))}
        <FooterHtml brand={brand} m={m} />
      </body>
    </html>
  );
  return {
    to: opts.to,
    subject: x.erasureSubject,
    text: [...paragraphs, footerLines(brand, m).join('\n')].join('\n\n'),
    html: `<!doctype html>${await body.toString()}`,
    idempotencyKey: `erasure-receipt:${opts.contactId}`,
    kind: 'erasure-receipt',
  };
}
