// The answer to a data request (GDPR Art. 12(3)): what was asked, that it was done and what that
// means, in the person's language (English or Dutch). An access request carries the data
// document as `my-data.json`, the same document the preference center's "Download my data"
// gives. Plain words, no links: the mail must be understood on its own.
import type { RequestType } from '../db/schema';
import type { Locale } from '../domain/locales';
import type { RequestOutcome } from '../domain/mailer';
import { escapeHtml } from './erasure-receipt';
import type { OutgoingMail } from './transport';

interface RequestTexts {
  subject: string;
  greeting: string;
  asked: (type: string, day: string) => string;
  types: Record<RequestType, string>;
  outcomes: Record<RequestOutcome, string>;
  questions: (contact: string) => string;
}

const texts: Record<Locale, RequestTexts> = {
  en: {
    subject: 'Your request about your personal data has been handled',
    greeting: 'Hello,',
    asked: (type, day) => `On ${day} you asked us ${type}. We have now handled your request.`,
    types: {
      access: 'for a copy of the personal data we hold about this email address',
      erasure: 'to delete the personal data we hold about this email address',
      objection: 'to stop using this email address for our mailings',
      rectification: 'to correct the personal data we hold about you',
      withdrawal: 'to withdraw the consent you gave for our mailings',
    },
    outcomes: {
      exported:
        'The attached file my-data.json holds everything we keep about this address: your details, your mailing choices and the record of those choices.',
      erased:
        'We have deleted your details, your mailing choices and the record of those choices. We keep one thing: a one-way code made from this address (not the address itself), so that we never email you again. This is the last email you will receive from us at this address.',
      opted_out:
        'This address no longer receives any of our mailings, including mailings we may start later. You can change your mind at any time through the preference link in an earlier mailing.',
      rectified: 'We have corrected your personal data as you asked.',
      nothing_held:
        'We hold no personal data about this email address, so there was nothing to change. We will not email this address with our mailings.',
    },
    questions: (contact) => `Questions? Write to ${contact}.`,
  },
  nl: {
    subject: 'Uw verzoek over uw persoonsgegevens is afgehandeld',
    greeting: 'Hallo,',
    asked: (type, day) => `Op ${day} vroeg u ons ${type}. We hebben uw verzoek nu afgehandeld.`,
    types: {
      access: 'om een kopie van de persoonsgegevens die we over dit e-mailadres bewaren',
      erasure: 'om de persoonsgegevens te verwijderen die we over dit e-mailadres bewaren',
      objection: 'om dit e-mailadres niet meer voor onze mailings te gebruiken',
      rectification: 'om de persoonsgegevens die we over u bewaren te verbeteren',
      withdrawal: 'om de toestemming in te trekken die u voor onze mailings gaf',
    },
    outcomes: {
      exported:
        'Het bijgevoegde bestand my-data.json bevat alles wat we over dit adres bewaren: uw gegevens, uw keuzes voor onze mailings en het overzicht van die keuzes.',
      erased:
        'We hebben uw gegevens, uw keuzes voor onze mailings en het overzicht van die keuzes verwijderd. Eén ding bewaren we: een onomkeerbare code die van dit adres is afgeleid (niet het adres zelf), zodat we u nooit meer mailen. Dit is de laatste e-mail die u van ons op dit adres ontvangt.',
      opted_out:
        'Dit adres ontvangt geen van onze mailings meer, ook geen mailings waarmee we later beginnen. U kunt altijd van gedachten veranderen via de voorkeurenlink in een eerdere mailing.',
      rectified: 'We hebben uw persoonsgegevens verbeterd zoals u vroeg.',
      nothing_held:
        'We bewaren geen persoonsgegevens over dit e-mailadres, dus er viel niets te veranderen. We mailen dit adres niet met onze mailings.',
    },
    questions: (contact) => `Vragen? Mail naar ${contact}.`,
  },
};

export function requestCompletedMail(opts: {
  to: string;
  locale: Locale;
  requestId: string;
  requestType: RequestType;
  outcome: RequestOutcome;
  receivedAt: Date;
  dataDocument?: unknown;
  brand: { name: string; privacyContact?: string };
}): OutgoingMail {
  const t = texts[opts.locale] ?? texts.en;
  const paragraphs = [
    t.greeting,
    t.asked(t.types[opts.requestType], opts.receivedAt.toISOString().slice(0, 10)),
    t.outcomes[opts.outcome],
    ...(opts.brand.privacyContact ? [t.questions(opts.brand.privacyContact)] : []),
    `— ${opts.brand.name}`,
  ];
  return {
    to: opts.to,
    subject: t.subject,
    text: paragraphs.join('\n\n'),
    html: `<!doctype html><html lang="${opts.locale}"><body>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}</body></html>`,
    attachments:
      opts.dataDocument === undefined
        ? undefined
        : [
            {
              filename: 'my-data.json',
              content: new TextEncoder().encode(JSON.stringify(opts.dataDocument, null, 2)),
              contentType: 'application/json',
            },
          ],
    idempotencyKey: `request-completed:${opts.requestId}`,
    kind: 'request-completed',
  };
}
