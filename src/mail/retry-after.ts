// Reads a Retry-After header (RFC 9110 §10.2.3) into a wait in milliseconds. Resend sends whole
// seconds with its 429s; the HTTP-date form is read too, since a proxy or gateway in front may
// answer a 503 with one. A dozen lines, so no library: the ones on npm parse the same two forms.

/** The wait the header asks for, from `now` (ms since the epoch); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP date is an IMF-fixdate (or one of two obsolete forms, which Date.parse also reads);
  // a bare number that is not whole seconds is neither, so it is refused above and here.
  if (!/[a-z]/i.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
