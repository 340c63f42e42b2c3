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
  /** Drops what a box that keeps opened values holds for this context (its row was deleted). */
  forget?(context: string): void;
  /** Calls `listener` after each forget (a box opened in another thread must forget too). */
  onForget?(listener: (context: string) => void): () => void;
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

/** Contexts kept at most; the oldest opened goes first. */
const MAX_CACHED_CONTEXTS = 1024;
/** Sealed values kept per context: the current secret and, during a rotation, the previous one. */
const MAX_VALUES_PER_CONTEXT = 2;

/**
 * Remembers opened values in memory, keyed by the sealed value itself: the dispatcher opens an
 * endpoint's secret once, not on every attempt (AES-GCM through WebCrypto, ~0.1 ms each). A
 * rotation stores a new sealed value, which misses and is opened at once, so a rotated secret
 * signs from the next attempt on; what rests in the database stays sealed. Only contexts
 * starting with one of `prefixes` are kept (the webhook secrets, whose deletion forgets them).
 */
export function cachingSecretBox(box: SecretBox, prefixes: readonly string[]): Required<SecretBox> {
  const opened = new Map<string, Map<string, string>>();
  const listeners = new Set<(context: string) => void>();
  return {
    seal: (plaintext, context) => box.seal(plaintext, context),
    async open(sealed, context) {
      if (!prefixes.some((p) => context.startsWith(p))) return box.open(sealed, context);
      const known = opened.get(context)?.get(sealed);
      if (known !== undefined) return known;
      const plain = await box.open(sealed, context);
      const values = opened.get(context) ?? new Map<string, string>();
      opened.delete(context);
      values.set(sealed, plain);
      while (values.size > MAX_VALUES_PER_CONTEXT) values.delete(values.keys().next().value as string);
      opened.set(context, values);
      while (opened.size > MAX_CACHED_CONTEXTS) opened.delete(opened.keys().next().value as string);
      return plain;
    },
    forget(context) {
      opened.delete(context);
      for (const listener of listeners) listener(context);
    },
    onForget(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
