// The domain's Mailer on a mail transport: renders each kind of mail the domain asks for
// (templates here, in the recipient's language, under the mail's brand, else the default one)
// and sends it from that brand's sender.
import type { Brand } from '../domain/brands';
import type { DomainMail, Mailer } from '../domain/mailer';
import { isPageLocale, t } from '../web/i18n';
import { erasureReceipt } from './erasure-receipt';
import { preferencesLinkMail } from './preferences-link';
import { requestCompletedMail } from './request-completed';
import { confirmMail } from './templates/confirm';
import type { MailTransport, OutgoingMail } from './transport';

export function createMailer(transport: MailTransport, defaultBrand: Brand): Mailer {
  return {
    send: async (mail) => {
      const brand = mail.brand ?? defaultBrand;
      const rendered = await render(mail, brand);
      return transport.send(brand.mailFrom ? { ...rendered, from: brand.mailFrom } : rendered);
    },
  };
}

async function render(mail: DomainMail, brand: Brand): Promise<OutgoingMail> {
  switch (mail.kind) {
    case 'confirm':
      return confirmMail({ ...mail, m: t(mail.locale), brand });
    case 'erasure-receipt':
      return erasureReceipt({
        ...mail,
        m: t(isPageLocale(mail.locale) ? mail.locale : brand.defaultLocale),
        brand,
      });
    case 'preferences-link':
      return preferencesLinkMail({ ...mail, m: t(mail.locale), brand });
    case 'request-completed':
      return requestCompletedMail({ ...mail, m: t(mail.locale), brand });
  }
}
