// The keyed hash the suppression list keeps addresses under, as a capability: the entry points
// build it from SUPPRESSION_HASH_KEY (src/crypto/suppression-hasher.ts) and the domain only
// asks it for hashes, so the key never travels through domain code. It hashes the canonical
// form of an address, which normaliseEmail (email.ts) alone produces.
import { olderEmailForms } from './email';

export interface SuppressionHasher {
  /** The keyed hash of a canonical address (normaliseEmail). */
  hash(canonicalEmail: string): string;
  /** A keyed hash of a fixed label: names the key in the data without revealing it (hash-key-check.ts). */
  fingerprint(): string;
}

/**
 * The keyed hashes an address's entries may be stored under: its canonical form's, and those of
 * the forms versions before canonical addresses stored it under (email.ts, olderEmailForms),
 * because an erasure keeps only the hash and so can never be rewritten.
 */
export function suppressionHashes(hasher: SuppressionHasher, email: string): string[] {
  const hashes = [hasher.hash(email)];
  for (const form of olderEmailForms(email)) hashes.push(hasher.hash(form));
  return hashes;
}
