// Email addresses as the service stores, compares and hashes them: one canonical form, so
// that every spelling of one address is one person and one suppression entry. Every path
// (routes, presend, import, links, subscribe, webhooks, the command line) goes through
// normaliseEmail, or normaliseEmailWithOlderForms (the same function, also naming the forms
// older versions stored); the zod field routes validate with is built on it in http/fields.ts.
// The userland punycode package (RFC 3492), not Node's deprecated built-in of the same name:
// importing its file by path makes the resolver take the package.
import punycode from 'punycode/punycode.es6.js';

// Deliberately simple: one @, no spaces, a dot in the domain. Mailbox providers decide the
// rest; being stricter here only rejects real subscribers. Control characters never belong
// in an address, though, and would end up in headers and files.
const EMAIL_RE = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u;
export const MAX_EMAIL_LENGTH = 254;

/**
 * Whether a trimmed, lower-cased address needs more than that to be canonical: anything
 * beyond ASCII, or a punycode label (validated, and with an older form; see olderFormsOf).
 * The only test the common address pays for.
 */
const NEEDS_CARE = /[\u0080-\uffff]|xn--/;
// Invisible code points (zero-width space and joiners, soft hyphen, word joiner, BOM,
// variation selectors…): they change the bytes, and so the hash, but not what a person reads.
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
// Characters that would make the URL parser read the domain as something else (a port, a
// path, user info, an IPv6 literal) or percent-decode it; none belongs in a mail domain.
const NOT_IN_DOMAIN = /[\s/?#\\:@%[\]]/;
const IPV4 = /^[0-9.]+$/;

/**
 * The canonical form of an address: trimmed, Unicode NFC, without default-ignorable code
 * points, the domain in IDNA ASCII form (UTS #46) and lower-cased. An address whose domain
 * is not a valid IDNA name has no canonical form: the answer is '' (which isValidEmail
 * refuses), never an exception.
 */
export function normaliseEmail(raw: string): string {
  return canonical(raw, undefined);
}

/**
 * normaliseEmail, also adding to `olderForms` the forms under which versions before canonical
 * addresses may have stored this address's suppression entries (see olderFormsOf). Adds nothing
 * for a plain ASCII address, so a caller that handles thousands pays nothing for it.
 */
export function normaliseEmailWithOlderForms(raw: string, olderForms: string[]): string {
  return canonical(raw, olderForms);
}

function canonical(raw: string, olderForms: string[] | undefined): string {
  const simple = raw.trim().toLowerCase();
  if (!NEEDS_CARE.test(simple)) return simple;
  const s = raw.replace(IGNORABLE, '').trim().normalize('NFC');
  const at = s.lastIndexOf('@');
  if (at < 0) return s.toLowerCase();
  const domain = asciiDomain(s.slice(at + 1));
  if (domain === undefined) return '';
  const email = `${s.slice(0, at).toLowerCase().normalize('NFC')}@${domain}`;
  if (olderForms) olderForms.push(...olderFormsOf(email, simple));
  return email;
}

/**
 * Before canonical addresses, an address was stored trimmed and lower-cased as it was typed.
 * Entries that are only a keyed hash (erasures) cannot be rewritten, so lookups also probe
 * what such an entry may be keyed by: the typed form (`simple`), and, for a punycode domain,
 * the address with its domain in Unicode (how an IDN address is usually typed).
 */
function olderFormsOf(email: string, simple: string): string[] {
  const forms = simple !== email && isValidEmail(simple) ? [simple] : [];
  if (email.includes('xn--')) {
    const unicode = unicodeForm(email);
    if (unicode !== undefined && unicode !== email && unicode !== simple) forms.push(unicode);
  }
  return forms;
}

/**
 * The forms older entries for a canonical address may be stored under (see olderFormsOf),
 * for lookups that have only the canonical form. Empty for a plain ASCII address.
 */
export function olderEmailForms(email: string): string[] {
  const forms: string[] = [];
  canonical(email, forms);
  return forms;
}

// The platform's WHATWG URL host parser applies UTS #46 ToASCII in Node and in workerd alike,
// at no bundle cost (tr46, the npm implementation, carries a mapping table the size of the
// whole Worker budget), and it is only reached by addresses that are not plain ASCII.
function asciiDomain(domain: string): string | undefined {
  const lower = domain.toLowerCase();
  if (!NEEDS_CARE.test(lower)) return lower;
  if (domain === '' || NOT_IN_DOMAIN.test(domain)) return undefined;
  let host: string;
  try {
    host = new URL(`http://${domain}`).hostname;
  } catch {
    return undefined;
  }
  // A name whose last label is a number is read as an IPv4 address: not a mail domain.
  return IPV4.test(host) ? undefined : host;
}

/** The address with its punycode labels decoded, if they decode to what encodes back to them. */
function unicodeForm(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  const labels = email.slice(at + 1).split('.');
  for (let i = 0; i < labels.length; i++) {
    if (!labels[i].startsWith('xn--')) continue;
    try {
      labels[i] = punycode.decode(labels[i].slice(4));
    } catch {
      return undefined;
    }
  }
  const domain = labels.join('.');
  return asciiDomain(domain) === email.slice(at + 1) ? `${email.slice(0, at)}@${domain}` : undefined;
}

export function isValidEmail(normalised: string): boolean {
  return normalised.length <= MAX_EMAIL_LENGTH && EMAIL_RE.test(normalised);
}

/**
 * `j***@example.nl`: enough for a person to recognise their address, not for a passer-by. An
 * international domain is shown as people write it, not in its stored punycode form.
 */
export function maskEmail(email: string): string {
  const shown = email.includes('xn--') ? (unicodeForm(email) ?? email) : email;
  const at = shown.lastIndexOf('@');
  if (at < 1) return '***';
  return `${shown[0]}***${shown.slice(at)}`;
}
