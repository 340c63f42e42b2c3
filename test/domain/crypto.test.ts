// The service's own SHA-256 and ids (src/crypto/) against node:crypto: they run in the domain,
// in Node and in Workers alike, and must give the standard's answers byte for byte.
import { createHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64url, constantTimeEqual, randomId } from '../../src/crypto/random';
import { sha256Hex } from '../../src/crypto/sha256';

describe('SHA-256 in plain JavaScript', () => {
  it('gives the digest node:crypto gives, for every length and any text', () => {
    const samples = ['', 'a', 'Yes, mail me', 'élodie@exemple.be', '用户@例子.广告', '😀'];
    for (const n of [55, 56, 63, 64, 65, 119, 120, 1000, 10_000]) samples.push('w'.repeat(n));
    for (let i = 0; i < 200; i++) samples.push(nodeRandomBytes(i * 7).toString('latin1'));
    for (const text of samples) expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
  });
});

describe('random ids', () => {
  it('write bytes as Buffer writes base64url', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = nodeRandomBytes(n);
      expect(base64url(bytes)).toBe(bytes.toString('base64url'));
    }
  });

  it('are URL-safe, as long as asked for, and differ', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId('key_', 9)));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^key_[A-Za-z0-9_-]{12}$/);
  });

  it('compare equal only when equal', () => {
    expect(constantTimeEqual('v1,abc', 'v1,abc')).toBe(true);
    expect(constantTimeEqual('v1,abc', 'v1,abd')).toBe(false);
    expect(constantTimeEqual('v1,abc', 'v1,ab')).toBe(false);
  });
});
