// Seals secrets the service must be able to read back (webhook signing secrets, later connector
// API keys) before they are stored: AES-256-GCM through WebCrypto, so both runtimes run the same
// code. The key is derived with HKDF from ENCRYPTION_KEY (or, on Node, the generated local one),
// and every sealed value is bound to what it belongs to (`webhook:<id>`), so a sealed secret
// copied onto another row does not open.
import { fromBase64url } from './random';

export interface SecretBox {
  seal(plaintext: string, context: string): Promise<string>;
  /** Throws when the value was not sealed with this key for this context. */
  open(sealed: string, context: string): Promise<string>;
}

const VERSION = 'v1';
const encoder = new TextEncoder();

function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function createSecretBox(keyMaterial: string): SecretBox {
  if (keyMaterial.length < 32) throw new Error('the encryption key must have at least 32 characters');
  const key = (async () => {
    const base = await crypto.subtle.importKey('raw', encoder.encode(keyMaterial), 'HKDF', false, [
      'deriveKey',
    ]);
    return crypto.subtle.deriveKey(
      {
        name: 'HKDF',
        hash: 'SHA-256',
        salt: encoder.encode('mailprefs'),
        info: encoder.encode('secret-box'),
      },
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
  })();
  return {
    async seal(plaintext, context) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
        await key,
        encoder.encode(plaintext),
      );
      return `${VERSION}.${toBase64url(iv)}.${toBase64url(new Uint8Array(sealed))}`;
    },
    async open(sealed, context) {
      const [version, iv, data] = sealed.split('.');
      if (version !== VERSION || !iv || !data) throw new Error('not a sealed secret');
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64url(iv), additionalData: encoder.encode(context) },
        await key,
        fromBase64url(data),
      );
      return new TextDecoder().decode(plain);
    },
  };
}
