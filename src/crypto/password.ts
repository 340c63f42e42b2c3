// Password hashing for console accounts: PBKDF2-HMAC-SHA256 through Web Crypto, which Node and
// Workers both have, so an account made with the CLI signs in on either runtime and no native
// or WebAssembly module is needed. The stored string names the algorithm, the iteration count
// and the salt, so the cost can be raised later: `needsRehash` tells the sign-in to re-hash.
//
// Workers' Web Crypto refuses PBKDF2 above 100,000 iterations, so the work is done as a chain
// of PBKDF2 steps of at most that many, each keyed with the previous step's output: the total
// count of sequential HMAC computations is the stored iteration count, as with one long run.
import { base64url, constantTimeEqual, fromBase64url, randomBytes } from './random';

export const PASSWORD_ALGORITHM = 'pbkdf2-sha256';
export const PASSWORD_ITERATIONS = 600_000;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;
const STEP = 100_000;
const SALT_BYTES = 16;
const encoder = new TextEncoder();

async function pbkdf2(secret: Uint8Array, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', secret as BufferSource, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<string> {
  let secret: Uint8Array = encoder.encode(password.normalize('NFC'));
  for (let left = iterations; left > 0; left -= STEP) {
    secret = await pbkdf2(secret, salt, Math.min(STEP, left));
  }
  return base64url(secret);
}

/** The stored form of a new password: `pbkdf2-sha256$<iterations>$<salt>$<hash>`. */
export async function hashPassword(password: string, iterations = PASSWORD_ITERATIONS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return [PASSWORD_ALGORITHM, iterations, base64url(salt), await derive(password, salt, iterations)].join(
    '$',
  );
}

interface Parsed {
  iterations: number;
  salt: Uint8Array;
  hash: string;
}

function parse(stored: string): Parsed | undefined {
  const [algorithm, count, salt, hash, ...rest] = stored.split('$');
  const iterations = Number(count);
  if (algorithm !== PASSWORD_ALGORITHM || rest.length || !salt || !hash) return undefined;
  if (!Number.isSafeInteger(iterations) || iterations < 1) return undefined;
  return { iterations, salt: fromBase64url(salt), hash };
}

/** Whether `password` matches the stored hash; a malformed stored value matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || password.length > MAX_PASSWORD_LENGTH) return false;
  return constantTimeEqual(await derive(password, parsed.salt, parsed.iterations), parsed.hash);
}

/** A stored hash made with less work than today's, to be replaced at the next sign-in. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.iterations < PASSWORD_ITERATIONS;
}

/** What is wrong with a new password, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}

/** A random password for `users create` without one: 20 base64url characters (120 bits). */
export function generatePassword(): string {
  return base64url(randomBytes(15));
}
