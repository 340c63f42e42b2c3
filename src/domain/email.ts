// Email addresses as the service stores and matches them: trimmed and lower-cased, so
// `Jan@Example.NL ` and `jan@example.nl` are one person and one suppression entry.
// The zod field routes validate with is built from these in http/fields.ts.

// Deliberately simple: one @, no spaces, a dot in the domain. Mailbox providers decide the
// rest; being stricter here only rejects real subscribers. Control characters never belong
// in an address, though, and would end up in headers and files.
const EMAIL_RE = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u;
export const MAX_EMAIL_LENGTH = 254;

export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export function isValidEmail(normalised: string): boolean {
  return normalised.length <= MAX_EMAIL_LENGTH && EMAIL_RE.test(normalised);
}

/** `j***@example.nl`: enough for a person to recognise their address, not for a passer-by. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
