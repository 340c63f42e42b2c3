// Secrets the service must read back are sealed with AES-GCM (WebCrypto) before they are stored.
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../src/crypto/secret-box';

const KEY = 'an-encryption-key-for-the-tests-0123456789';

describe('the secret box', () => {
  it('opens what it sealed, and the sealed text does not contain the secret', async () => {
    const box = createSecretBox(KEY);
    const sealed = await box.seal('whsec_c2VjcmV0', 'webhook:we_1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('c2VjcmV0');
    expect(await box.open(sealed, 'webhook:we_1')).toBe('whsec_c2VjcmV0');
    // A fresh nonce every time: the same secret never seals to the same text.
    expect(await box.seal('whsec_c2VjcmV0', 'webhook:we_1')).not.toBe(sealed);
  });

  it('refuses a sealed value moved to another row, or opened with another key', async () => {
    const sealed = await createSecretBox(KEY).seal('whsec_c2VjcmV0', 'webhook:we_1');
    await expect(createSecretBox(KEY).open(sealed, 'webhook:we_2')).rejects.toThrow();
    await expect(createSecretBox(`${KEY}-other`).open(sealed, 'webhook:we_1')).rejects.toThrow();
    await expect(createSecretBox(KEY).open('plain-text', 'webhook:we_1')).rejects.toThrow(
      'not a sealed secret',
    );
  });

  it('needs a key of at least 32 characters', () => {
    expect(() => createSecretBox('short')).toThrow('at least 32 characters');
  });
});
