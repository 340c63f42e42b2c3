// The one implementation of the domain's SuppressionHasher: HMAC-SHA256 under
// SUPPRESSION_HASH_KEY, as unpadded base64url. Built by the entry points (the Node server and
// command line in node/deps.ts, the Worker, and each worker thread from the key it is sent),
// which are the only code that holds the key.
import type { SuppressionHasher } from '../domain/suppression-hasher';
import { createHmacSha256 } from './sha256';

const FINGERPRINT_LABEL = 'mailprefs: fingerprint of the suppression-hash key, v1';

export function createSuppressionHasher(key: string): SuppressionHasher {
  const hmac = createHmacSha256(key);
  const fingerprint = hmac(FINGERPRINT_LABEL);
  return { hash: hmac, fingerprint: () => fingerprint };
}
