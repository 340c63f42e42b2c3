// SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104) in plain JavaScript: synchronous in Node and
// in Workers alike (Web Crypto is asynchronous), so the domain can hash without a runtime
// module. It is also the fast path: presend hashes every recipient of a campaign (10,000 per
// call), and an HMAC of a short address is two block compressions once the key's inner and
// outer states are precomputed, well under node:crypto's ~5 µs of set-up per call.
// test/presend/presend.domain.test.ts ("the fast email hasher") checks both against node:crypto.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const W = new Int32Array(64);

/** Loads the 64-byte block at `block[offset..]` into W[0..15] as big-endian words. */
function loadBlock(block: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4;
    W[i] = (block[j] << 24) | (block[j + 1] << 16) | (block[j + 2] << 8) | block[j + 3];
  }
}

/** One SHA-256 compression of the block already in W[0..15] into `state`. */
function compress(state: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15];
    const w2 = W[i - 2];
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[i] + W[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

/** The SHA-256 state after absorbing one 64-byte padded key block (K xor pad). */
function keyState(key: Uint8Array, pad: number): Int32Array {
  const block = new Uint8Array(64);
  for (let i = 0; i < 64; i++) block[i] = (key[i] ?? 0) ^ pad;
  const state = IV.slice();
  loadBlock(block, 0);
  compress(state);
  return state;
}

const encoder = new TextEncoder();

/**
 * The common case, an ASCII message of at most 55 bytes, which fits one padded block: writes
 * it into W[0..15] straight from its character codes (no byte buffer), with the 0x80 byte and
 * the bit length of (key block + message). Returns false, having written garbage, for a
 * message with any non-ASCII character.
 */
function asciiBlock(message: string): boolean {
  const n = message.length;
  W.fill(0, 0, 16);
  for (let i = 0; i < n; i++) {
    const c = message.charCodeAt(i);
    if (c > 0x7f) return false;
    W[i >> 2] |= c << (24 - ((i & 3) << 3));
  }
  W[n >> 2] |= 0x80 << (24 - ((n & 3) << 3));
  W[15] = (n + 64) * 8;
  return true;
}

const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');
const digestBytes = new Uint8Array(33);
const chars = new Array<number>(43);

/** The 32-byte digest in `state` as unpadded base64url (43 characters). */
function base64url(state: Int32Array): string {
  for (let i = 0; i < 8; i++) {
    const v = state[i];
    digestBytes[i * 4] = v >>> 24;
    digestBytes[i * 4 + 1] = (v >>> 16) & 0xff;
    digestBytes[i * 4 + 2] = (v >>> 8) & 0xff;
    digestBytes[i * 4 + 3] = v & 0xff;
  }
  digestBytes[32] = 0;
  let o = 0;
  for (let i = 0; i < 33; i += 3) {
    const n = (digestBytes[i] << 16) | (digestBytes[i + 1] << 8) | digestBytes[i + 2];
    chars[o++] = ALPHABET[n >>> 18];
    chars[o++] = ALPHABET[(n >>> 12) & 63];
    chars[o++] = ALPHABET[(n >>> 6) & 63];
    if (o < 43) chars[o++] = ALPHABET[n & 63];
  }
  // One flat string: built by concatenation it would be a rope that every later comparison
  // (sorting, Map lookups) has to flatten first.
  return String.fromCharCode.apply(null, chars);
}

/** Absorbs `len` bytes of `bytes` into `state`, padded as SHA-256 pads a message that follows
 * `prefixBlocks` 64-byte blocks already absorbed. */
function absorb(state: Int32Array, bytes: Uint8Array, len: number, prefixBlocks: number): void {
  // Padding: 0x80, zeros, then the bit length of the whole message as 64-bit big-endian.
  const end = Math.ceil((len + 9) / 64) * 64;
  bytes[len] = 0x80;
  bytes.fill(0, len + 1, end - 4);
  const bits = (len + prefixBlocks * 64) * 8;
  bytes[end - 4] = bits >>> 24;
  bytes[end - 3] = (bits >>> 16) & 0xff;
  bytes[end - 2] = (bits >>> 8) & 0xff;
  bytes[end - 1] = bits & 0xff;
  for (let off = 0; off < end; off += 64) {
    loadBlock(bytes, off);
    compress(state);
  }
}

/** `message` as UTF-8 in a buffer with room for its padding; reuses `buf` when it is large enough. */
function utf8Padded(message: string, buf: Uint8Array): { bytes: Uint8Array; len: number } {
  // UTF-8 needs at most 3 bytes per UTF-16 unit, plus 9 bytes of padding and length.
  const need = message.length * 3 + 72;
  const bytes = buf.length < need ? new Uint8Array(need * 2) : buf;
  return { bytes, len: encoder.encodeInto(message, bytes).written };
}

function digestOf(state: Int32Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const v = state[i];
    out[i * 4] = v >>> 24;
    out[i * 4 + 1] = (v >>> 16) & 0xff;
    out[i * 4 + 2] = (v >>> 8) & 0xff;
    out[i * 4 + 3] = v & 0xff;
  }
  return out;
}

/** SHA-256 of the UTF-8 bytes of `text`, as lower-case hex. */
export function sha256Hex(text: string): string {
  const state = IV.slice();
  const { bytes, len } = utf8Padded(text, new Uint8Array(0));
  absorb(state, bytes, len, 0);
  let hex = '';
  for (const b of digestOf(state)) hex += (b < 16 ? '0' : '') + b.toString(16);
  return hex;
}

/** SHA-256 of the UTF-8 bytes of `text`, as unpadded base64url (43 characters). */
export function sha256Base64url(text: string): string {
  const state = IV.slice();
  const { bytes, len } = utf8Padded(text, new Uint8Array(0));
  absorb(state, bytes, len, 0);
  return base64url(state);
}

/**
 * Returns a function computing HMAC-SHA256(key, message) as unpadded base64url, equal to
 * `createHmac('sha256', key).update(message).digest('base64url')`.
 */
export function createHmacSha256(key: string | Uint8Array): (message: string) => string {
  let keyBytes: Uint8Array = typeof key === 'string' ? encoder.encode(key) : key;
  // RFC 2104: keys longer than the block size are hashed first.
  if (keyBytes.length > 64) {
    const state = IV.slice();
    const bytes = new Uint8Array(Math.ceil((keyBytes.length + 9) / 64) * 64);
    bytes.set(keyBytes);
    absorb(state, bytes, keyBytes.length, 0);
    keyBytes = digestOf(state);
  }
  const inner0 = keyState(keyBytes, 0x36);
  const outer0 = keyState(keyBytes, 0x5c);

  const state = new Int32Array(8);
  let buf: Uint8Array = new Uint8Array(256);

  return (message: string) => {
    state.set(inner0);
    if (message.length > 55 || !asciiBlock(message)) {
      // The general path: UTF-8 bytes, padded, one or more blocks after the key block.
      const padded = utf8Padded(message, buf);
      buf = padded.bytes;
      absorb(state, buf, padded.len, 1);
    } else {
      // asciiBlock() wrote the message and its padding straight into W: one block.
      compress(state);
    }

    // Outer hash: opad state, then the 32-byte inner digest padded to one block (96 bytes in
    // all), written as words.
    for (let i = 0; i < 8; i++) W[i] = state[i];
    W[8] = 0x80000000 | 0;
    W.fill(0, 9, 15);
    W[15] = 96 * 8;
    state.set(outer0);
    compress(state);
    return base64url(state);
  };
}
