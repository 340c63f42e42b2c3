// Signed tokens for mailing links, double opt-in and forms: JWS (HS256) with a `kid`, so keys
// rotate (the first signs, all verify). The payload is a short array with an opaque contact id,
// never an address, to keep URLs short. Only jose, the plain-JS crypto helpers and domain
// types, so sender.ts can run it alone.
import { base64url, CompactSign, decodeProtectedHeader } from 'jose';
import { constantTimeEqual } from '../crypto/random';
import { createHmacSha256, sha256Base64url } from '../crypto/sha256';
import type { Clock } from '../domain/clock';
import { DAY_MS } from '../domain/clock';
import { AppError } from '../domain/errors';

export const tokenPurposes = {
  unsubscribe: 'u',
  preferences: 'p',
  confirm: 'c',
  form: 'f',
  // The form on the "Delete my data" confirmation page: only that page hands one out, so an
  // erasure always takes both steps, even for someone replaying the preference page's form.
  erase: 'e',
  // The undo form on the unsubscribe page: it carries the topics to give back, so the undo
  // never takes them from the posted fields.
  undo: 'r',
  // A console form (CSRF token): bound to the staff session it was rendered for.
  console: 's',
} as const;
export type TokenPurpose = keyof typeof tokenPurposes;

export interface TokenClaims {
  purpose: TokenPurpose;
  contactId: string;
  /** One topic key, or null for "all topics". */
  topic: string | null;
  /** Extra topic keys (a double opt-in confirms several at once). */
  topics?: string[];
  campaign?: string;
  /**
   * The brand of an all-topics unsubscribe link or a preference link (a topic link's brand is
   * its topic's); absent means the default brand.
   */
  brand?: string;
  /**
   * Recorded in the consent trail as what caused a change. Given explicitly, it travels in
   * the token; otherwise it is derived from the signature (saving ~13 URL characters), so it
   * is still stable and unique per token.
   */
  tokenId: string;
  issuedAt: Date;
}

export interface SigningKey {
  kid: string;
  secret: Uint8Array;
}

export interface Signer {
  sign(claims: Omit<TokenClaims, 'tokenId' | 'issuedAt'> & { tokenId?: string }): Promise<string>;
  /** Verifies signature, key, purpose and age; throws AppError('invalid_token') otherwise. */
  verify(token: string, purpose: TokenPurpose, opts?: { maxAgeMs?: number }): Promise<TokenClaims>;
}

const ALG = 'HS256';
const MAX_TOKEN_LENGTH = 1024;
// An undo form token lists topic keys (up to 64 characters each) and travels in a form body,
// never a URL, so it may be longer.
const MAX_UNDO_TOKEN_LENGTH = 16 * 1024;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Parses `kid:secret[,kid:secret…]`. Secrets need at least 32 characters. */
export function parseSigningKeys(spec: string): SigningKey[] {
  const keys = readSigningKeys(spec);
  if (typeof keys === 'string') throw new Error(`SIGNING_KEYS: ${keys}`);
  return keys;
}

/** The keys of `kid:secret[,kid:secret…]`, or what is wrong with it (for configuration checks). */
export function readSigningKeys(spec: string): SigningKey[] | string {
  const keys: SigningKey[] = [];
  for (const entry of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = entry.indexOf(':');
    const kid = i > 0 ? entry.slice(0, i) : '';
    const secret = i > 0 ? entry.slice(i + 1) : '';
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(kid)) return 'each entry must be kid:secret';
    if (secret.length < 32) return `the secret of '${kid}' needs at least 32 characters`;
    keys.push({ kid, secret: encoder.encode(secret) });
  }
  if (keys.length === 0) return 'at least one kid:secret entry is needed';
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) return 'key ids must be unique';
  return keys;
}

export function createSigner(opts: { keys: SigningKey[]; clock: Clock; linkMaxAgeDays?: number }): Signer {
  if (opts.keys.length === 0) throw new Error('createSigner: at least one signing key is needed');
  const [current] = opts.keys;
  const linkMaxAgeMs = opts.linkMaxAgeDays ? opts.linkMaxAgeDays * DAY_MS : undefined;
  // Importing the HMAC key once per kid (instead of per call, as passing raw bytes to jose
  // does) keeps a 10,000-recipient batch and the one-click hot path cheap.
  const cryptoKeys = new Map<string, Promise<CryptoKey>>();
  const keyFor = (kid: string): Promise<CryptoKey> | undefined => {
    const secret = opts.keys.find((k) => k.kid === kid)?.secret;
    if (!secret) return undefined;
    let key = cryptoKeys.get(kid);
    if (!key) {
      key = crypto.subtle.importKey('raw', secret as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
        'verify',
      ]);
      cryptoKeys.set(kid, key);
    }
    return key;
  };

  // Verifying is the HMAC of the token's first two parts compared with its third, done here
  // synchronously (src/crypto/sha256.ts) rather than through jose's compactVerify: Web Crypto is
  // asynchronous and cost ~0.3 ms of CPU per one-click in Node, far more than the HMAC itself.
  // jose still signs and parses the header.
  const macs = new Map(opts.keys.map((k) => [k.kid, createHmacSha256(k.secret)]));
  const macFor = (kid: string) => macs.get(kid);

  return {
    async sign(claims) {
      const payload: unknown[] = [
        tokenPurposes[claims.purpose],
        claims.contactId,
        claims.topic,
        claims.tokenId ?? 0,
        Math.floor(opts.clock.now().getTime() / 1000),
      ];
      // Optional claims by position; a default-brand token is exactly what it was before brands.
      const brand = claims.brand && claims.brand !== 'default' ? claims.brand : undefined;
      if (claims.campaign || claims.topics?.length || brand) payload.push(claims.campaign ?? null);
      if (claims.topics?.length || brand)
        payload.push(claims.topics?.length ? claims.topics.join(',') : null);
      if (brand) payload.push(brand);
      return new CompactSign(encoder.encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: ALG, kid: current.kid })
        .sign(await keyFor(current.kid)!);
    },

    async verify(token, purpose, verifyOpts = {}) {
      const maxLength = purpose === 'undo' ? MAX_UNDO_TOKEN_LENGTH : MAX_TOKEN_LENGTH;
      if (typeof token !== 'string' || token.length > maxLength) throw invalid();
      const parts = token.split('.');
      // Base64url has spare bits in its last character: without this check a token with its
      // final character changed could decode to the same signature and still be accepted.
      if (parts.length !== 3 || !parts.every(isCanonicalBase64url)) throw invalid();
      let header: ReturnType<typeof decodeProtectedHeader>;
      try {
        header = decodeProtectedHeader(token);
      } catch {
        throw invalid();
      }
      // Pinning the algorithm refuses `alg: none` and any algorithm swap; the JWS extensions
      // (`crit`, `b64`) are none of ours, so a header naming one is refused as jose would.
      if (header.alg !== ALG || header.crit !== undefined || header.b64 !== undefined) throw invalid();
      const mac = typeof header.kid === 'string' ? macFor(header.kid) : undefined;
      if (!mac || !constantTimeEqual(mac(`${parts[0]}.${parts[1]}`), parts[2])) throw invalid();
      const payload = base64url.decode(parts[1]);
      const claims = decodeClaims(payload);
      if (!claims || claims.purpose !== purpose) throw invalid();
      const maxAgeMs = verifyOpts.maxAgeMs ?? (isLinkPurpose(purpose) ? linkMaxAgeMs : undefined);
      if (maxAgeMs !== undefined && opts.clock.now().getTime() - claims.issuedAt.getTime() > maxAgeMs) {
        throw new AppError('invalid_token', 'this link has expired');
      }
      return { ...claims, tokenId: claims.tokenId ?? derivedTokenId(parts[2]) };
    },
  };
}

function isLinkPurpose(purpose: TokenPurpose) {
  return purpose === 'unsubscribe' || purpose === 'preferences';
}

function isCanonicalBase64url(segment: string): boolean {
  if (!SEGMENT.test(segment)) return false;
  try {
    return base64url.encode(base64url.decode(segment)) === segment;
  } catch {
    return false;
  }
}

/** `t_` and 16 characters of a SHA-256 of the signature: an id, not a secret, for the trail. */
function derivedTokenId(signature: string): string {
  return `t_${sha256Base64url(signature).slice(0, 16)}`;
}

function decodeClaims(payload: Uint8Array): (Omit<TokenClaims, 'tokenId'> & { tokenId?: string }) | null {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(payload));
  } catch {
    return null;
  }
  if (!Array.isArray(raw) || raw.length < 5 || raw.length > 8) return null;
  const [p, contactId, topic, tokenId, iat, campaign, topics, brand] = raw;
  const purpose = (Object.keys(tokenPurposes) as TokenPurpose[]).find((k) => tokenPurposes[k] === p);
  if (!purpose || typeof contactId !== 'string' || !contactId || typeof iat !== 'number') return null;
  if (tokenId !== 0 && (typeof tokenId !== 'string' || !tokenId)) return null;
  if (topic !== null && (typeof topic !== 'string' || !topic)) return null;
  return {
    purpose,
    contactId,
    topic,
    ...(typeof tokenId === 'string' ? { tokenId } : {}),
    issuedAt: new Date(iat * 1000),
    ...(typeof campaign === 'string' && campaign ? { campaign } : {}),
    ...(typeof topics === 'string' && topics ? { topics: topics.split(',') } : {}),
    ...(typeof brand === 'string' && brand ? { brand } : {}),
  };
}

function invalid() {
  return new AppError('invalid_token', 'this link is not valid');
}
