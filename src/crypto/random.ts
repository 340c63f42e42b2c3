// Random identifiers from Web Crypto's getRandomValues, a global in Node and in Workers alike,
// so the domain can make ids without importing a runtime module.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Small requests are cut from a pool filled 4 KiB at a time: each getRandomValues call has a fixed
// cost (~10–40 µs on Node under load) that a request id on every HTTP request would pay.
const POOL_SIZE = 4096;
const MAX_POOLED = 64;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

/** `n` cryptographically random bytes, never handed out twice. */
export function randomBytes(n: number): Uint8Array {
  if (n > MAX_POOLED) return crypto.getRandomValues(new Uint8Array(n));
  if (poolOffset + n > POOL_SIZE) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const out = pool.slice(poolOffset, poolOffset + n);
  poolOffset += n;
  return out;
}

/** Bytes as unpadded base64url, as Buffer's 'base64url' writes them. */
export function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[n >>> 18] + ALPHABET[(n >>> 12) & 63];
    if (i + 1 < bytes.length) out += ALPHABET[(n >>> 6) & 63];
    if (i + 2 < bytes.length) out += ALPHABET[n & 63];
  }
  return out;
}

/** Unpadded (or padded) base64url back to bytes. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A random, URL-safe identifier; 12 bytes (96 bits) unless told otherwise. */
export function randomId(prefix = '', bytes = 12): string {
  return prefix + base64url(randomBytes(bytes));
}

/** Whether two strings are equal, in a time that depends on their lengths only. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
