// Small pieces the tool files share: the settings' topic map helpers, inbound JSON parsing and
// the bearer check, so each tool file holds only what is particular to its vendor.
import { constantTimeEqual } from '../crypto/random';
import { isValidEmail, normaliseEmail } from '../domain/email';
import { AppError } from '../domain/errors';

/** The topics whose mapping matches. */
export function topicsWhere<M>(topics: Record<string, M>, match: (m: M) => boolean): string[] {
  return Object.entries(topics)
    .filter(([, m]) => match(m))
    .map(([key]) => key)
    .sort();
}

/** The address as mailprefs compares it, or null when it is not one. */
export function inboundEmail(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 320) return null;
  try {
    const email = normaliseEmail(raw);
    return isValidEmail(email) ? email : null;
  } catch {
    return null;
  }
}

export function parseJsonBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new AppError('invalid_json', 'the body is not JSON');
  }
}

/** When the connector has a token, the call must carry it as a bearer token. */
export function requireBearer(header: string | undefined, token: string | undefined): void {
  if (!token) return;
  const given = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!constantTimeEqual(given, token)) throw new AppError('unauthorized', 'the bearer token does not match');
}

export const encodeEmail = (email: string) => encodeURIComponent(email);
