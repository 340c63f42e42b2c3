// Zero-configuration secrets for the embedded default: when SIGNING_KEYS, SUPPRESSION_HASH_KEY
// or ENCRYPTION_KEY are not set, generate them once and keep them in a file beside the
// database (mode 0600), so links in sent mail and suppression hashes stay valid across
// restarts (and sealed webhook secrets stay readable). Production sets them as environment
// secrets instead.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config';
import { readSigningKeys } from '../links/signer';

export interface LocalSecrets {
  signingKeys: string;
  suppressionHashKey: string;
  encryptionKey: string;
}

export function localSecretsFile(dataDir: string): string {
  return join(dataDir, 'secrets.json');
}

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = localSecretsFile(dataDir);
  const stored = readStored(file);
  const secrets: LocalSecrets = {
    signingKeys: stored?.signingKeys ?? `k1:${randomBytes(32).toString('base64url')}`,
    suppressionHashKey: stored?.suppressionHashKey ?? randomBytes(32).toString('base64url'),
    encryptionKey: stored?.encryptionKey ?? randomBytes(32).toString('base64url'),
  };
  if (
    stored?.signingKeys === secrets.signingKeys &&
    stored.suppressionHashKey === secrets.suppressionHashKey &&
    stored.encryptionKey === secrets.encryptionKey
  ) {
    return secrets;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  try {
    if (stored) {
      renameSync(temp, file); // adds what an older file lacked
      return secrets;
    }
    // A first start: link() puts the whole file in place only if there is none yet. Another
    // process starting at the same moment may have won; then its secrets are the ones.
    linkSync(temp, file);
    return secrets;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return loadOrCreateLocalSecrets(dataDir);
  } finally {
    rmSync(temp, { force: true });
  }
}

function readStored(file: string): Partial<LocalSecrets> | undefined {
  if (!existsSync(file)) return undefined;
  let stored: Partial<LocalSecrets>;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(
      `${file} cannot be read (${err instanceof Error ? err.message : String(err)}). It holds the keys of ` +
        'the links already sent: restore it from a backup, or set SIGNING_KEYS and SUPPRESSION_HASH_KEY.',
    );
  }
  const problems: string[] = [];
  if (stored.signingKeys !== undefined) {
    const keys = typeof stored.signingKeys === 'string' ? readSigningKeys(stored.signingKeys) : 'not text';
    if (typeof keys === 'string') problems.push(`signingKeys: ${keys}`);
  }
  const hashKey = stored.suppressionHashKey;
  if (hashKey !== undefined && (typeof hashKey !== 'string' || hashKey.length < 32)) {
    problems.push('suppressionHashKey: needs at least 32 characters');
  }
  const encryptionKey = stored.encryptionKey;
  if (encryptionKey !== undefined && (typeof encryptionKey !== 'string' || encryptionKey.length < 32)) {
    problems.push('encryptionKey: needs at least 32 characters');
  }
  if (problems.length) {
    throw new ConfigError(
      `${file} holds a key that is not valid (${problems.join('; ')}): restore it from a backup, ` +
        'or set SIGNING_KEYS and SUPPRESSION_HASH_KEY.',
    );
  }
  return stored;
}
