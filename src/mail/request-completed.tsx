// The answer to a data request (GDPR Art. 12(3)): what was asked, that it was done and what that
// means, in the person's language, under the brand's name and footer. An access request carries the data
// document as `my-data.json`, the same document the preference center's "Download my data"
// gives. Plain words, no links: the mail must be understood on its own.
import type { RequestType } from '../db/schema';
import type { Brand } from '../domain/brands';
import type { Locale } from '../domain/locales';
import type { RequestOutcome } from '../domain/mailer';
import type { Messages } from '../web/i18n';
import { FooterHtml, footerLines } from './brand-footer';
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
  fr: {
    subject: 'Votre demande concernant vos données personnelles a été traitée',
    greeting: 'Bonjour,',
    asked: (type, day) =>
      `Le ${day}, vous nous avez demandé ${type}. Nous avons maintenant traité votre demande.`,
    types: {
      access: 'une copie des données personnelles que nous conservons sur cette adresse e-mail',
      erasure: 'de supprimer les données personnelles que nous conservons sur cette adresse e-mail',
      objection: 'de ne plus utiliser cette adresse e-mail pour nos envois',
      rectification: 'de corriger les données personnelles que nous conservons à votre sujet',
      withdrawal: 'de retirer le consentement que vous aviez donné pour nos envois',
    },
    outcomes: {
      exported:
        'Le fichier joint my-data.json contient tout ce que nous conservons sur cette adresse : vos coordonnées, vos choix pour nos envois et l’historique de ces choix.',
      erased:
        'Nous avons supprimé vos coordonnées, vos choix pour nos envois et l’historique de ces choix. Nous gardons une seule chose : un code irréversible tiré de cette adresse (pas l’adresse elle-même), pour ne plus jamais vous écrire. C’est le dernier e-mail que vous recevrez de notre part à cette adresse.',
      opted_out:
        'Cette adresse ne reçoit plus aucun de nos envois, y compris ceux que nous lancerons plus tard. Vous pouvez changer d’avis à tout moment grâce au lien de préférences d’un envoi précédent.',
      rectified: 'Nous avons corrigé vos données personnelles comme vous l’avez demandé.',
      nothing_held:
        'Nous ne conservons aucune donnée personnelle sur cette adresse e-mail : il n’y avait donc rien à modifier. Nous n’enverrons pas nos envois à cette adresse.',
    },
    questions: (contact) => `Des questions ? Écrivez à ${contact}.`,
  },
  de: {
    subject: 'Ihre Anfrage zu Ihren personenbezogenen Daten wurde bearbeitet',
    greeting: 'Guten Tag,',
    asked: (type, day) =>
      `Am ${day} haben Sie uns gebeten, ${type}. Wir haben Ihre Anfrage jetzt bearbeitet.`,
    types: {
      access:
        'Ihnen eine Kopie der personenbezogenen Daten zu schicken, die wir zu dieser E-Mail-Adresse speichern',
      erasure: 'die personenbezogenen Daten zu löschen, die wir zu dieser E-Mail-Adresse speichern',
      objection: 'diese E-Mail-Adresse nicht mehr für unsere Mailings zu verwenden',
      rectification: 'die personenbezogenen Daten zu berichtigen, die wir über Sie speichern',
      withdrawal: 'Ihre Einwilligung in unsere Mailings zu widerrufen',
    },
    outcomes: {
      exported:
        'Die angehängte Datei my-data.json enthält alles, was wir zu dieser Adresse speichern: Ihre Angaben, Ihre Auswahl für unsere Mailings und den Verlauf dieser Auswahl.',
      erased:
        'Wir haben Ihre Angaben, Ihre Auswahl für unsere Mailings und den Verlauf dieser Auswahl gelöscht. Eines behalten wir: einen nicht umkehrbaren Code, der aus dieser Adresse gebildet wurde (nicht die Adresse selbst), damit wir Ihnen nie wieder schreiben. Dies ist die letzte E-Mail, die Sie von uns an diese Adresse erhalten.',
      opted_out:
        'Diese Adresse erhält keine unserer Mailings mehr, auch keine, die wir später beginnen. Sie können es sich jederzeit anders überlegen, über den Einstellungslink in einem früheren Mailing.',
      rectified: 'Wir haben Ihre personenbezogenen Daten wie gewünscht berichtigt.',
      nothing_held:
        'Wir speichern keine personenbezogenen Daten zu dieser E-Mail-Adresse, es gab also nichts zu ändern. Wir schicken dieser Adresse keine Mailings.',
    },
    questions: (contact) => `Fragen? Schreiben Sie an ${contact}.`,
  },
};

export async function requestCompletedMail(opts: {
  to: string;
  locale: Locale;
  requestId: string;
  requestType: RequestType;
  outcome: RequestOutcome;
  receivedAt: Date;
  dataDocument?: unknown;
  m: Messages;
  brand: Brand;
}): Promise<OutgoingMail> {
  const t = texts[opts.locale] ?? texts.en;
  const paragraphs = [
    t.greeting,
    t.asked(t.types[opts.requestType], opts.receivedAt.toISOString().slice(0, 10)),
    t.outcomes[opts.outcome],
    ...(opts.brand.privacyContact ? [t.questions(opts.brand.privacyContact)] : []),
  ];
  const body = (
    <html lang={opts.locale}>
      <body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328; max-width: 36rem;">
        {paragraphs.map((p) => (
          <p>{p}</p>
        ))}
        <FooterHtml brand={opts.brand} m={opts.m} />
      </body>
    </html>
  );
  return {
    to: opts.to,
    subject: t.subject,
    text: [...paragraphs, footerLines(opts.brand, opts.m).join('\n')].join('\n\n'),
    html: `<!doctype html>${await body.toString()}`,
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
