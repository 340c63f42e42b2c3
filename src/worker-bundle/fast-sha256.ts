// fast-sha256 as the Worker bundles it (wrangler.toml [alias]): the one function the Standard
// Webhooks library calls, `hmac`, on @noble/hashes, which the Worker already carries for the
// Mailchimp connector's MD5, so the script holds one library of hashes instead of two.
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

export function hmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  return nobleHmac(sha256, key, data);
}
