// The deletion receipt: the last mail an address gets from the service, sent just before its
// data is erased, as the companies' policies promise ("confirmation of deletion"). English
// and Dutch; plain words, no links to click (there is nothing left to manage).
import type { OutgoingMail } from './transport';

interface ReceiptText {
  subject: string;
  greeting: string;
  deleted: (brand: string) => string;
  kept: string;
  last: string;
  questions: (contact: string) => string;
}

const texts: Record<'en' | 'nl', ReceiptText> = {
  en: {
    subject: 'Your personal data has been deleted',
    greeting: 'Hello,',
    deleted: (brand) =>
      `As you asked, ${brand} has deleted the personal data it held about this email address: your details, your mailing choices and the record of those choices.`,
    kept: 'We keep one thing: a one-way code made from this address (not the address itself), so that we never email you again, not even if the address turns up in a list we import later.',
    last: 'This is the last email you will receive from us at this address.',
    questions: (contact) => `Questions? Write to ${contact}.`,
  },
  nl: {
    subject: 'Uw persoonsgegevens zijn verwijderd',
    greeting: 'Hallo,',
    deleted: (brand) =>
      `Zoals u vroeg, heeft ${brand} de persoonsgegevens verwijderd die het over dit e-mailadres bewaarde: uw gegevens, uw keuzes voor onze mailings en het overzicht van die keuzes.`,
    kept: 'Eén ding bewaren we: een onomkeerbare code die van dit adres is afgeleid (niet het adres zelf), zodat we u nooit meer mailen, ook niet als het adres later opduikt in een lijst die we importeren.',
    last: 'Dit is de laatste e-mail die u van ons op dit adres ontvangt.',
    questions: (contact) => `Vragen? Mail naar ${contact}.`,
  },
};

export function erasureReceipt(opts: {
  to: string;
  contactId: string;
  locale: string | null;
  brand: { name: string; privacyContact?: string };
}): OutgoingMail {
  const t = opts.locale === 'nl' ? texts.nl : texts.en;
  const paragraphs = [
    t.greeting,
    t.deleted(opts.brand.name),
    t.kept,
    t.last,
    ...(opts.brand.privacyContact ? [t.questions(opts.brand.privacyContact)] : []),
  ];
  return {
    to: opts.to,
    subject: t.subject,
    text: paragraphs.join('\n\n'),
    html: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
    idempotencyKey: `erasure-receipt:${opts.contactId}`,
    kind: 'erasure-receipt',
  };
}

/** Text made safe inside HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
