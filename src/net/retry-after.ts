// Reads a Retry-After header (RFC 9110 §10.2.3): whole seconds, or an HTTP date. Webhook
// receivers, mailing tools and Resend all send one with their 429s and 503s; a proxy in front
// may use the date form. Small enough not to need a library.

/** Whole seconds from `now` the header asks to wait, if it has a usable value. */
export function retryAfterSeconds(header: string | null | undefined, now: Date): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d{1,9}$/.test(value)) return Number(value);
  // An HTTP date names a day and a month in letters; without them Date.parse would read "-5" or
  // "1.5" as a year.
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
