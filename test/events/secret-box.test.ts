// Secrets the service must read back are sealed with AES-GCM (WebCrypto) before they are stored.
import { describe, expect, it } from 'vitest';
import { cachingSecretBox, createSecretBox, type SecretBox } from '../../src/crypto/secret-box';

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

  it('opens a webhook secret once, a rotated one at once, and forgets a deleted endpoint', async () => {
    const inner = createSecretBox(KEY);
    let opens = 0;
    const counting: SecretBox = {
      seal: (plain, context) => inner.seal(plain, context),
      open: (sealed, context) => {
        opens += 1;
        return inner.open(sealed, context);
      },
    };
    const box = cachingSecretBox(counting, ['webhook:']);
    const first = await box.seal('whsec_Zmlyc3Q=', 'webhook:we_1');
    for (let i = 0; i < 5; i++) expect(await box.open(first, 'webhook:we_1')).toBe('whsec_Zmlyc3Q=');
    expect(opens).toBe(1);

    // A rotation stores a new sealed value: it is opened at once, and the previous one is kept.
    const second = await box.seal('whsec_c2Vjb25k', 'webhook:we_1');
    expect(await box.open(second, 'webhook:we_1')).toBe('whsec_c2Vjb25k');
    expect(await box.open(first, 'webhook:we_1')).toBe('whsec_Zmlyc3Q=');
    expect(opens).toBe(2);

    box.forget('webhook:we_1');
    expect(await box.open(second, 'webhook:we_1')).toBe('whsec_c2Vjb25k');
    expect(opens).toBe(3);
    // What it keeps is still bound to its row, and other contexts are never kept.
    await expect(box.open(second, 'webhook:we_2')).rejects.toThrow();
    const credentials = await box.seal('{"apiKey":"k"}', 'connector:co_1');
    await box.open(credentials, 'connector:co_1');
    await box.open(credentials, 'connector:co_1');
    expect(opens).toBe(6);
  });

  it('tells its listeners of every forget, until they stop listening', () => {
    const box = cachingSecretBox(createSecretBox(KEY), ['webhook:']);
    const heard: string[] = [];
    const stop = box.onForget((context) => heard.push(context));
    box.forget('webhook:we_1');
    stop();
    box.forget('webhook:we_2');
    expect(heard).toEqual(['webhook:we_1']);
  });
});
