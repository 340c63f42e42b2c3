// Hashes, keyed hashes and random ids. node:crypto is used on purpose: it is synchronous (the
// presend hot path hashes thousands of addresses per call) and Workers provide it under the
// `nodejs_compat` flag, so this module runs unchanged in both runtimes.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Keyed hash of a normalised email: the only form in which the suppression list keeps it. */
export function emailHash(key: string, normalisedEmail: string): string {
  return createHmac('sha256', key).update(normalisedEmail).digest('base64url');
}

export function hmacBase64url(key: string | Uint8Array, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64url');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** A random, URL-safe identifier; 12 bytes (96 bits) unless told otherwise. */
export function randomId(prefix = '', bytes = 12): string {
  return prefix + randomBytes(bytes).toString('base64url');
}
