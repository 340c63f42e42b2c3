// Reference hashes computed with node:crypto, independently of the service's own SHA-256
// (src/crypto/sha256.ts), so tests that look for a stored hash check it against the standard.
import { createHash, createHmac } from 'node:crypto';

/** The suppression list's keyed hash of a canonical address: HMAC-SHA256, base64url. */
export function emailHash(key: string, canonicalEmail: string): string {
  return createHmac('sha256', key).update(canonicalEmail).digest('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
