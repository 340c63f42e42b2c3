// The domain's Mailer on a mail transport: renders each kind of mail the domain asks for
// (templates here, in the recipient's language, with the brand from configuration) and sends it.
import type { Config } from '../config';
import type { DomainMail, Mailer } from '../domain/mailer';
import { t } from '../web/i18n';
import { erasureReceipt } from './erasure-receipt';
import { preferencesLinkMail } from './preferences-link';
import { requestCompletedMail } from './request-completed';
import { confirmMail } from './templates/confirm';
import type { MailTransport, OutgoingMail } from './transport';

export function createMailer(transport: MailTransport, brand: Config['brand']): Mailer {
  return { send: async (mail) => transport.send(await render(mail, brand)) };
}

async function render(mail: DomainMail, brand: Config['brand']): Promise<OutgoingMail> {
  switch (mail.kind) {
    case 'confirm':
      return confirmMail({ ...mail, brandName: brand.name });
    case 'erasure-receipt':
      return erasureReceipt({ ...mail, brand });
    case 'preferences-link':
      return preferencesLinkMail({ ...mail, m: t(mail.locale), brandName: brand.name });
    case 'request-completed':
      return requestCompletedMail({ ...mail, brand });
  }
}
