// Zero-configuration secrets for the embedded default: when SIGNING_KEYS or
// SUPPRESSION_HASH_KEY are not set, generate them once and keep them in a file beside the
// database (mode 0600), so links in sent mail and suppression hashes stay valid across
// restarts. Production sets both as environment secrets instead.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalSecrets {
  signingKeys: string;
  suppressionHashKey: string;
}

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json');
  const stored: Partial<LocalSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const secrets: LocalSecrets = {
    signingKeys: stored.signingKeys ?? `k1:${randomBytes(32).toString('base64url')}`,
    suppressionHashKey: stored.suppressionHashKey ?? randomBytes(32).toString('base64url'),
  };
  if (
    stored.signingKeys !== secrets.signingKeys ||
    stored.suppressionHashKey !== secrets.suppressionHashKey
  ) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}
