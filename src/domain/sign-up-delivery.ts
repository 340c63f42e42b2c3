// The part of a sign-up that runs after its answer, once per row of sign_ups_due: the checks
// that depend on the address (suppressed, already subscribed, over its limit), the contact, the
// confirmation mail, then the consent-trail entry together with the row's deletion. Run by the
// task deferred after the answer and by the sweep for rows a crash or a failed send left behind.
// A send the provider could not take now keeps the row for a later attempt (sign-ups-due.ts);
// the trail gets its one entry per sign-up only when the outcome is known.

import { type Brand, brandOrDefault } from './brands';
import { type Contact, ensureContact, findContactByEmail, subscriptionsOf } from './contacts';
import { type DomainContext, type Op, withTransaction } from './context';
import { isLocale } from './locales';
import { type DomainMail, isRefusedKey, MailSendError, type SentMail } from './mailer';
import { setPreferences } from './preferences';
import { hitRateLimit } from './rate-limit';
import {
  claimSignUpDue,
  countSignUpsGivenUp,
  finishSignUpDue,
  retrySignUpLater,
  SIGN_UP_SEND_WITHIN_MS,
  SIGN_UP_SWEEP_AFTER_MS,
  type SignUpDue,
} from './sign-ups-due';
import { subscribeLimits } from './subscribe';
import { suppressionReasons } from './suppressions';
import { listTopics, localise, type Topic } from './topics';

/** Pause before the quick retry, within one attempt, of a send that failed with a retryable error. */
const RETRY_DELAY_MS = 500;
/**
 * The longest Retry-After the quick retry waits for; a longer one skips it and goes to the next
 * attempt. Two sends with their timeouts and this pause stay inside the row's one-minute claim.
 */
const QUICK_RETRY_MAX_WAIT_MS = 5_000;

/** The trail note of a sign-up whose mail was refused or never got through. */
export const MAIL_NOT_SENT = 'confirmation mail could not be sent';

/** No mail was due: the address is listed, has these topics, reached its limit, or the topics went. */
type NoMailDue = { outcome: 'already_subscribed' | 'suppressed' | 'address_limited' | 'no_topics' };

export type DeliveryResult =
  | { outcome: 'mailed'; topics: string[]; messageId: string; attempt: number }
  /** Recorded as pending with MAIL_NOT_SENT: refused for good, or still failing at the last attempt. */
  | { outcome: 'mail_failed'; topics: string[]; error: unknown; attempt: number; gaveUp: boolean }
  /** Not recorded yet: the row waits `retryInMs` for its next attempt. */
  | { outcome: 'retry_scheduled'; topics: string[]; error: unknown; attempt: number; retryInMs: number }
  | NoMailDue;

/**
 * The part of a sign-up that runs after the answer, once per due row: the address's checks,
 * the contact, the mail, then the trail entry together with the row's deletion. Returns null
 * when the row is gone or someone else holds it. A throw leaves the row for the sweep.
 */
export async function deliverSignUp({
  ctx,
  input: { id, defaultBrand },
}: Op<{ id: string; defaultBrand: Brand }>): Promise<DeliveryResult | null> {
  const due = await claimSignUpDue({ ctx, input: { id } });
  if (!due) return null;
  const outcome = await signUpChecks(ctx, due);
  if ('outcome' in outcome) {
    await finishSignUpDue({ ctx, input: { id } });
    return outcome;
  }
  return deliverConfirmation(ctx, due, outcome.wanted, outcome.existing, defaultBrand);
}

/** The topics a due sign-up still needs mail for, or why none is sent. */
async function signUpChecks(
  ctx: DomainContext,
  due: SignUpDue,
): Promise<{ wanted: Topic[]; existing: Contact | undefined } | NoMailDue> {
  // A topic archived since the answer is left out, as a confirm link leaves it out.
  const active = new Map((await listTopics({ ctx })).map((t) => [t.key, t]));
  const topics = due.topics.map((k) => active.get(k)).filter((t): t is Topic => Boolean(t));
  if (topics.length === 0) return { outcome: 'no_topics' };

  // Bounced and complained addresses get nothing, not even a contact row. An erased address
  // is mailed: the person's own confirmation is the one way back (confirmSubscription).
  const listed = await suppressionReasons({ ctx, input: { email: due.email } });
  if (listed.some((reason) => reason !== 'erased')) return { outcome: 'suppressed' };

  const existing = await findContactByEmail({ ctx, input: { email: due.email } });
  const current = new Map(
    existing
      ? (await subscriptionsOf({ ctx, input: { contactId: existing.id } })).map((s) => [s.topicKey, s.status])
      : [],
  );
  const wanted = topics.filter((t) => current.get(t.key) !== 'subscribed');
  if (wanted.length === 0) return { outcome: 'already_subscribed' };

  // Counted on the first attempt only: a sign-up taken over after a crash is the same one mail.
  if (due.attempts === 1) {
    const perAddress = await hitRateLimit({
      ctx,
      input: { rule: subscribeLimits.perAddress, subject: due.email },
    });
    if (!perAddress.allowed) return { outcome: 'address_limited' };
  }
  return { wanted, existing };
}

/**
 * The contact, the mail, then the trail entry. The entry is written after the send, as it
 * always was, so it still holds the mail's message id (or the note that the mail could not be
 * sent); the due row goes in the same transaction. A send worth retrying leaves the row, and
 * no entry, for a later attempt. Every attempt at the same row sends with the same token and
 * idempotency key, so the provider does not mail twice.
 */
async function deliverConfirmation(
  ctx: DomainContext,
  due: SignUpDue,
  wanted: Topic[],
  existing: Contact | undefined,
  defaultBrand: Brand,
): Promise<DeliveryResult> {
  const asked = isLocale(due.locale) ? due.locale : undefined;
  // An anonymous form may set the language of a new contact, not change an existing one's.
  const { contact } = await ensureContact({
    ctx,
    input: { email: due.email, locale: existing ? undefined : asked },
  });
  const fallback = isLocale(due.fallbackLocale) ? due.fallbackLocale : defaultBrand.defaultLocale;
  const locale = asked ?? (isLocale(contact.locale) ? contact.locale : fallback);
  const tokenId = due.tokenId;
  const confirmUrl = await ctx.links.confirmUrl({
    contactId: contact.id,
    topics: wanted.map((t) => t.key),
    tokenId,
  });
  const brand = await brandOrDefault({ ctx, input: { key: wanted[0]?.brand, fallback: defaultBrand } });
  const mail: DomainMail = {
    kind: 'confirm',
    brand,
    to: contact.email,
    locale,
    topicNames: wanted.map((t) => localise(t.name, locale, brand.defaultLocale)),
    confirmUrl,
    idempotencyKey: `confirm/${tokenId}`,
  };

  const topicKeys = wanted.map((t) => t.key);
  let sent: SentMail | undefined;
  let failure: unknown;
  // A row taken over too late is not sent: past the provider's idempotency window it could be a second mail.
  if (ctx.clock.now().getTime() - due.createdAt.getTime() > SIGN_UP_SEND_WITHIN_MS) {
    failure = new MailSendError('the sign-up is too old to mail safely', null, 'too_late', true);
  } else {
    try {
      sent = await sendWithOneRetry(ctx, mail);
    } catch (err) {
      failure = err;
      if (worthTryingLater(err)) {
        const retryInMs = await retrySignUpLater({ ctx, input: { due, notBeforeMs: retryAfterOf(err) } });
        if (retryInMs !== null)
          return {
            outcome: 'retry_scheduled',
            topics: topicKeys,
            error: err,
            attempt: due.attempts,
            retryInMs,
          };
      }
    }
  }

  // Written whether or not the mail left: a provider outage must not lose the sign-up, and a
  // new sign-up later sends a fresh link for the same pending topics.
  await withTransaction(ctx, async (tx) => {
    await setPreferences({
      ctx: tx,
      input: {
        contactId: contact.id,
        changes: Object.fromEntries(wanted.map((t) => [t.key, 'pending' as const])),
        actor: 'subscriber',
        consent: {
          source: due.source,
          sourceUrl: due.sourceUrl,
          wording: due.consentText,
          ip: due.ip,
          userAgent: due.userAgent,
          tokenId,
          messageId: sent?.id,
          note: trailNote(due, ctx.clock.now(), Boolean(failure)),
        },
      },
    });
    await finishSignUpDue({ ctx: tx, input: { id: due.id } });
    if (failure) await countSignUpsGivenUp({ ctx: tx, input: { n: 1 } });
  });
  return sent
    ? { outcome: 'mailed', topics: topicKeys, messageId: sent.id, attempt: due.attempts }
    : {
        outcome: 'mail_failed',
        topics: topicKeys,
        error: failure,
        attempt: due.attempts,
        gaveUp: worthTryingLater(failure),
      };
}

/**
 * The entry is written when the outcome is known, so its time is that of the mail. When that
 * is later than the task after the answer would have been, the note keeps when the person
 * sent the form (the moment the wording, IP and user agent belong to) and the attempt's number.
 */
function trailNote(due: SignUpDue, now: Date, failed: boolean): string | null {
  const late = now.getTime() - due.createdAt.getTime() > SIGN_UP_SWEEP_AFTER_MS;
  if (!late) return failed ? MAIL_NOT_SENT : null;
  const when = `signed up at ${due.createdAt.toISOString()}`;
  return failed
    ? `${MAIL_NOT_SENT} (${when}, ${due.attempts} attempts)`
    : `confirmation mail sent at attempt ${due.attempts} (${when})`;
}

/**
 * Worth another attempt later: an outage, rate limit or timeout, and also a key the provider
 * refuses, which is the operator's to fix; until they do, the sign-up waits rather than being
 * recorded as never mailed. The caller logs a refused key at error (isRefusedKey).
 */
function worthTryingLater(err: unknown): boolean {
  return worthRetrying(err) || isRefusedKey(err);
}

/** A provider outage, rate limit or timeout, where the same mail may be tried again at once. */
function worthRetrying(err: unknown): boolean {
  if (err instanceof MailSendError) return err.retryable;
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

function retryAfterOf(err: unknown): number | null {
  return err instanceof MailSendError ? err.retryAfterMs : null;
}

async function sendWithOneRetry(ctx: DomainContext, mail: DomainMail): Promise<SentMail> {
  try {
    return await ctx.mailer.send(mail);
  } catch (err) {
    if (!worthRetrying(err)) throw err;
    // The provider said when to come back: wait that long if it is short, else leave the mail
    // to the next attempt, which then comes no sooner than it said.
    const wait = Math.max(RETRY_DELAY_MS, retryAfterOf(err) ?? 0);
    if (wait > QUICK_RETRY_MAX_WAIT_MS) throw err;
    await new Promise((r) => setTimeout(r, wait));
    // Same idempotency key: if the first attempt did reach the provider, this is not a second mail.
    return ctx.mailer.send(mail);
  }
}
