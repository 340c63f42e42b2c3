// The signed tokens behind every link: what they carry, what they refuse, how keys rotate.
import { base64url, CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/domain/clock';
import { AppError } from '../../src/domain/errors';
import { createLinkBuilder, unsubscribeHeaders } from '../../src/links/sender';
import { createSigner, parseSigningKeys } from '../../src/links/signer';
import { listUnsubscribeHeaders, recipientLinks } from '../../src/links/urls';
import { createTestClock } from '../support/clock';
import { flipAt, parseRfc2369 } from './helpers';

const OLD = 'k1:first-signing-secret-0123456789abcdef';
const NEW = 'k2:second-signing-secret-0123456789abcdef';
const clock = createTestClock();
const signerWith = (spec: string, linkMaxAgeDays?: number) =>
  createSigner({ keys: parseSigningKeys(spec), clock, linkMaxAgeDays });
const signer = signerWith(NEW);
const claims = { purpose: 'unsubscribe' as const, contactId: 'c_abcdefghijkl', topic: 'newsletter' };

async function rejects(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('invalid_token');
}

const segments = (token: string) => token.split('.');
const decodeJson = (segment: string) => JSON.parse(new TextDecoder().decode(base64url.decode(segment)));
const encodeJson = (value: unknown) => base64url.encode(JSON.stringify(value));

describe('a link token', () => {
  it('carries the contact id, topic, purpose and campaign, and no personal data', async () => {
    const token = await signer.sign({ ...claims, campaign: '2026-02' });
    const verified = await signer.verify(token, 'unsubscribe');
    expect(verified).toMatchObject({ ...claims, campaign: '2026-02', issuedAt: clock.now() });
    const [header, payload] = segments(token).map((s, i) => (i < 2 ? decodeJson(s) : s));
    expect(header).toEqual({ alg: 'HS256', kid: 'k2' });
    expect(JSON.stringify(payload)).not.toMatch(/@/);
  });

  it('has a stable token id for the consent trail, or keeps the one it was given', async () => {
    const token = await signer.sign(claims);
    const a = await signer.verify(token, 'unsubscribe');
    const b = await signer.verify(token, 'unsubscribe');
    expect(a.tokenId).toMatch(/^t_[A-Za-z0-9_-]{16}$/);
    expect(b.tokenId).toBe(a.tokenId);
    const other = await signer.verify(await signer.sign({ ...claims, topic: 'events' }), 'unsubscribe');
    expect(other.tokenId).not.toBe(a.tokenId);
    const given = await signer.sign({
      purpose: 'confirm',
      contactId: 'c_x',
      topic: null,
      tokenId: 'dbl_123',
      topics: ['a', 'b'],
    });
    expect(await signer.verify(given, 'confirm')).toMatchObject({
      tokenId: 'dbl_123',
      topic: null,
      topics: ['a', 'b'],
    });
  });

  it('keeps the whole unsubscribe URL under 200 characters', async () => {
    const links = await recipientLinks(signer, 'https://prefs.example.com', {
      contactId: 'c_abcdefghijkl', // the shape ensureContact gives: c_ and 12 characters
      topic: 'a'.repeat(20),
    });
    expect(links.unsubscribeUrl.length).toBeLessThan(200);
    expect(links.preferencesUrl.length).toBeLessThan(200);
  });

  it('keeps working after it has been used, and does not expire by default', async () => {
    const token = await signer.sign(claims);
    await signer.verify(token, 'unsubscribe');
    clock.advance(5 * 365 * DAY_MS);
    expect((await signer.verify(token, 'unsubscribe')).contactId).toBe(claims.contactId);
  });

  it('expires after LINK_MAX_AGE_DAYS when that is set', async () => {
    const limited = signerWith(NEW, 30);
    const token = await limited.sign(claims);
    clock.advance(29 * DAY_MS);
    await limited.verify(token, 'unsubscribe');
    clock.advance(2 * DAY_MS);
    await rejects(limited.verify(token, 'unsubscribe'));
  });
});

describe('a tampered token is refused', () => {
  it('with any single character changed, anywhere', async () => {
    const token = await signer.sign(claims);
    for (let i = 0; i < token.length; i++) await rejects(signer.verify(flipAt(token, i), 'unsubscribe'));
  });

  it('with the last character swapped for any other (base64url has spare bits there)', async () => {
    const token = await signer.sign(claims);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const c of alphabet.replace(token.at(-1)!, '')) {
      await rejects(signer.verify(token.slice(0, -1) + c, 'unsubscribe'));
    }
  });

  it('when cut short or padded', async () => {
    const token = await signer.sign(claims);
    for (const bad of [
      token.slice(0, -1),
      token.slice(0, token.lastIndexOf('.')),
      `${token}.`,
      `${token}A`,
      '',
      '..',
    ]) {
      await rejects(signer.verify(bad, 'unsubscribe'));
    }
    await rejects(signer.verify('x'.repeat(5000), 'unsubscribe'));
  });

  it('when its payload is swapped for another contact, topic or purpose', async () => {
    const [h, p, s] = segments(await signer.sign(claims));
    const payload = decodeJson(p);
    for (const change of [{ 1: 'c_someoneelse' }, { 2: 'events' }, { 2: null }, { 0: 'p' }] as Array<
      Record<number, unknown>
    >) {
      const forged = Object.assign([...payload], change);
      await rejects(signer.verify(`${h}.${encodeJson(forged)}.${s}`, 'unsubscribe'));
    }
  });

  it('when its header names another key or algorithm, or alg none', async () => {
    const [, p, s] = segments(await signer.sign(claims));
    for (const header of [
      { alg: 'HS256', kid: 'k1' },
      { alg: 'HS512', kid: 'k2' },
      { alg: 'none', kid: 'k2' },
      { alg: 'none' },
      { alg: 'HS256' },
    ]) {
      await rejects(signer.verify(`${encodeJson(header)}.${p}.${s}`, 'unsubscribe'));
      await rejects(signer.verify(`${encodeJson(header)}.${p}.`, 'unsubscribe'));
    }
  });

  it('when signed with another algorithm or an unknown key', async () => {
    const secret = parseSigningKeys(NEW)[0].secret;
    const payload = new TextEncoder().encode(JSON.stringify(['u', 'c_abcdefghijkl', 'newsletter', 0, 1]));
    const hs512 = await new CompactSign(payload).setProtectedHeader({ alg: 'HS512', kid: 'k2' }).sign(secret);
    await rejects(signer.verify(hs512, 'unsubscribe'));
    const stranger = signerWith('k9:a-key-this-service-never-had-0123456789');
    await rejects(signer.verify(await stranger.sign(claims), 'unsubscribe'));
    const sameKidOtherSecret = signerWith('k2:not-the-real-second-secret-0123456789');
    await rejects(signer.verify(await sameKidOtherSecret.sign(claims), 'unsubscribe'));
  });

  it('when its header asks for a JWS extension (crit, b64), even signed with the right key', async () => {
    const secret = parseSigningKeys(NEW)[0].secret;
    const payload = new TextEncoder().encode(JSON.stringify(['u', 'c_abcdefghijkl', 'newsletter', 0, 1]));
    const plain = await new CompactSign(payload).setProtectedHeader({ alg: 'HS256', kid: 'k2' }).sign(secret);
    expect((await signer.verify(plain, 'unsubscribe')).contactId).toBe('c_abcdefghijkl');
    const [, p] = segments(plain);
    for (const header of [
      { alg: 'HS256', kid: 'k2', crit: ['exp'], exp: 1 },
      { alg: 'HS256', kid: 'k2', b64: true },
    ]) {
      // Signed exactly as a JWS with that header would be, so only the header is wrong.
      const input = `${encodeJson(header)}.${p}`;
      const mac = await crypto.subtle.sign(
        'HMAC',
        await crypto.subtle.importKey(
          'raw',
          secret as BufferSource,
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['sign'],
        ),
        new TextEncoder().encode(input),
      );
      await rejects(signer.verify(`${input}.${base64url.encode(new Uint8Array(mac))}`, 'unsubscribe'));
    }
  });

  it('verifies a token jose signed with a secret longer than a hash block', async () => {
    const long = signerWith(`k3:${'a-very-long-signing-secret-'.repeat(4)}`);
    const token = await long.sign(claims);
    const verified = await long.verify(token, 'unsubscribe');
    expect(verified).toMatchObject(claims);
    expect(verified.tokenId).toMatch(/^t_[A-Za-z0-9_-]{16}$/);
  });

  it('when used for another purpose', async () => {
    const preferences = await signer.sign({ ...claims, purpose: 'preferences' });
    await rejects(signer.verify(preferences, 'unsubscribe'));
    await rejects(signer.verify(await signer.sign(claims), 'preferences'));
  });
});

describe('signing keys rotate', () => {
  it('the first key signs, every listed key verifies, a removed key stops working', async () => {
    const before = signerWith(OLD);
    const token = await before.sign(claims);
    const rotated = signerWith(`${NEW},${OLD}`);
    expect((await rotated.verify(token, 'unsubscribe')).topic).toBe('newsletter');
    expect(decodeJson(segments(await rotated.sign(claims))[0]).kid).toBe('k2');
    await rejects(signerWith(NEW).verify(token, 'unsubscribe'));
  });

  it('SIGNING_KEYS must be well formed', () => {
    for (const bad of [
      '',
      'nokid',
      'k1:short',
      `${OLD},${OLD}`,
      'bad kid!:0123456789012345678901234567890123',
    ]) {
      expect(() => parseSigningKeys(bad)).toThrow(/SIGNING_KEYS/);
    }
  });
});

describe('the sender-side helper', () => {
  it('builds links the service accepts, with RFC 8058 headers', async () => {
    const links = await unsubscribeHeaders({
      publicUrl: 'https://prefs.example.com/',
      signingKeys: `${NEW},${OLD}`,
      contactId: 'c_abcdefghijkl',
      topic: 'newsletter',
      campaign: 'spring',
      mailto: 'unsubscribe@example.nl',
    });
    const [https, mailto] = parseRfc2369(links.headers['List-Unsubscribe']);
    expect(https).toBe(links.unsubscribeUrl);
    expect(mailto).toBe('mailto:unsubscribe@example.nl?subject=unsubscribe');
    expect(links.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(links.unsubscribeUrl).toMatch(/^https:\/\/prefs\.example\.com\/u\/[\w-]+\.[\w-]+\.[\w-]+$/);
    const token = links.unsubscribeUrl.split('/u/')[1];
    expect(await signer.verify(token, 'unsubscribe')).toMatchObject({ ...claims, campaign: 'spring' });
    const prefs = links.preferencesUrl.split('/p/')[1];
    expect(await signer.verify(prefs, 'preferences')).toMatchObject({
      contactId: 'c_abcdefghijkl',
      topic: null,
    });
  });

  it('reuses parsed keys for many recipients, and makes all-topics links', async () => {
    const build = createLinkBuilder({ publicUrl: 'https://prefs.example.com', signingKeys: NEW });
    const links = await Promise.all(['c_1', 'c_2'].map((contactId) => build({ contactId, topic: null })));
    for (const [i, l] of links.entries()) {
      expect(parseRfc2369(l.headers['List-Unsubscribe'])).toEqual([l.unsubscribeUrl]);
      const verified = await signer.verify(l.unsubscribeUrl.split('/u/')[1], 'unsubscribe');
      expect(verified).toMatchObject({ contactId: `c_${i + 1}`, topic: null });
    }
  });

  it('lists the https entry first and the mailto only when configured', () => {
    expect(listUnsubscribeHeaders('https://x.example/u/t')['List-Unsubscribe']).toBe(
      '<https://x.example/u/t>',
    );
    expect(listUnsubscribeHeaders('https://x.example/u/t', 'a@b.nl')['List-Unsubscribe']).toBe(
      '<https://x.example/u/t>, <mailto:a@b.nl?subject=unsubscribe>',
    );
  });
});
