// "Email me a link to my preferences": limited per truncated IP and per address (its keyed
// hash), so the form cannot be used to flood someone's inbox. The answer is the same whether or
// not the address is known; the mail is left to `deliver`, which the caller runs after
// answering, so neither the words nor the timing tell a stranger who is on the list.
import type { Brand } from './brands';
import { DAY_MS } from './clock';
import { findContactByEmail } from './contacts';
import type { Op } from './context';
import { isValidEmail, normaliseEmail } from './email';
import { rateLimited } from './errors';
import { truncateIp } from './ip';
import { isLocale, type Locale } from './locales';
import { hitRateLimit, type RateLimitRule } from './rate-limit';

const HOUR_MS = DAY_MS / 24;
export const linkRateLimits = {
  perAddress: { bucket: 'preferences-link:address', limit: 3, windowMs: HOUR_MS },
  perIp: { bucket: 'preferences-link:ip', limit: 20, windowMs: HOUR_MS },
} satisfies Record<string, RateLimitRule>;

export interface PreferenceLinkInput {
  /** The address as typed. */
  email: string;
  ip: string | null;
  /** The page's language: the mail's, unless the contact has one of its own. */
  locale: Locale;
  /** Makes the mail's idempotency key: one mail per request. */
  requestId: string;
  /** The brand asked at: the link opens its preference center, the mail comes from it. */
  brand?: Brand;
}

export type PreferenceLinkResult =
  | { outcome: 'invalid_email' }
  /** `deliver` is absent when the address is over its limit: the answer stays the same. */
  | { outcome: 'accepted'; deliver?: () => Promise<void> };

/** Throws rate_limited for a network over its limit, before anything else is read. */
export async function requestPreferenceLink({
  ctx,
  input,
}: Op<PreferenceLinkInput>): Promise<PreferenceLinkResult> {
  const ip = truncateIp(input.ip) ?? 'unknown';
  const perIp = await hitRateLimit({ ctx, input: { rule: linkRateLimits.perIp, subject: ip } });
  if (!perIp.allowed) {
    throw rateLimited('too many links were asked for from this network; try again later', perIp.retryAfterMs);
  }
  const email = normaliseEmail(input.email);
  if (!isValidEmail(email)) return { outcome: 'invalid_email' };
  const perAddress = await hitRateLimit({
    ctx,
    input: { rule: linkRateLimits.perAddress, subject: ctx.hasher.hash(email) },
  });
  if (!perAddress.allowed) return { outcome: 'accepted' };

  const deliver = async () => {
    const contact = await findContactByEmail({ ctx, input: { email } });
    if (!contact) return;
    const { preferencesUrl } = await ctx.links.forRecipient({
      contactId: contact.id,
      topic: null,
      brand: input.brand?.key,
      baseUrl: input.brand?.publicUrl,
    });
    await ctx.mailer.send({
      ...(input.brand ? { brand: input.brand } : {}),
      kind: 'preferences-link',
      to: contact.email,
      locale: isLocale(contact.locale) ? contact.locale : input.locale,
      url: preferencesUrl,
      idempotencyKey: `preferences-link:${input.requestId}`,
    });
  };
  return { outcome: 'accepted', deliver };
}
