import { describe, expect, it } from 'vitest';
import {
  isValidEmail,
  maskEmail,
  normaliseEmail,
  normaliseEmailWithOlderForms,
  olderEmailForms,
} from '../../src/domain/email';

describe('email addresses', () => {
  it('are matched trimmed and lower-cased', () => {
    expect(normaliseEmail('  Jan.De.Vries@Example.NL ')).toBe('jan.de.vries@example.nl');
  });

  it('are accepted when they look deliverable and refused otherwise', () => {
    expect(isValidEmail('jan@example.nl')).toBe(true);
    expect(isValidEmail('j+news@sub.example.be')).toBe(true);
    for (const bad of [
      '',
      'jan',
      'jan@',
      '@example.nl',
      'jan@example',
      'j an@example.nl',
      `${'a'.repeat(250)}@x.nl`,
    ]) {
      expect(isValidEmail(bad)).toBe(false);
    }
  });

  it('have one canonical form for every spelling a person cannot tell apart', () => {
    const spellings: Array<[string, string]> = [
      ['erased@sec.example\u200b', 'erased@sec.example'],
      ['erased\u200c\u200d@sec.example', 'erased@sec.example'],
      ['\ufeffer\u2060ased@sec.example', 'erased@sec.example'],
      ['erased@se\u00adc.example', 'erased@sec.example'],
      ['erased@sec.example\ufe0f', 'erased@sec.example'],
      ['erased@ｓｅｃ．ｅｘａｍｐｌｅ', 'erased@sec.example'],
      [' Erased@SEC.Example ', 'erased@sec.example'],
      ['bu\u0308cher@sec.example', 'b\u00fccher@sec.example'],
      ['B\u00dcCHER@sec.example', 'b\u00fccher@sec.example'],
      ['jan@b\u00fccher.example', 'jan@xn--bcher-kva.example'],
      ['jan@bu\u0308cher.example', 'jan@xn--bcher-kva.example'],
      ['jan@B\u00dcCHER.EXAMPLE', 'jan@xn--bcher-kva.example'],
      ['jan@XN--BCHER-KVA.example', 'jan@xn--bcher-kva.example'],
      ['jan@fa\u00df.de', 'jan@xn--fa-hia.de'],
    ];
    for (const [raw, canonical] of spellings) {
      expect(normaliseEmail(raw), JSON.stringify(raw)).toBe(canonical);
      expect(isValidEmail(normaliseEmail(raw))).toBe(true);
      // Canonical means stable: a canonical address is its own canonical form.
      expect(normaliseEmail(canonical)).toBe(canonical);
    }
  });

  it('are no address when the domain is not a valid international name, without an exception', () => {
    for (const raw of [
      'jan@xn--zz.example', // not punycode
      'jan@xn--a.example',
      'jan@１２３.４５', // full-width digits: the URL parser would read an IPv4 address
      'jan@b\u00fc%63her.de', // percent-encoding
      'jan@b\u00fccher.de:80', // a port
      'jan@b\u00fccher.de/x', // a path
      'jan@b\u00fc cher.de',
      'jan@b\u00fc\tcher.de',
      'jan@\u00fc\u0000.de',
      'jan@\u200b',
    ]) {
      expect(isValidEmail(normaliseEmail(raw)), JSON.stringify(raw)).toBe(false);
    }
  });

  it('name the forms older versions stored an address under, and none for plain ASCII', () => {
    const older: string[] = [];
    expect(normaliseEmailWithOlderForms(' Jan@Example.NL ', older)).toBe('jan@example.nl');
    expect(older).toEqual([]);
    expect(olderEmailForms('jan@example.nl')).toEqual([]);

    // Before canonical addresses, an address was kept trimmed and lower-cased as typed.
    expect(normaliseEmailWithOlderForms('Bu\u0308cher@Sec.example', older)).toBe('b\u00fccher@sec.example');
    expect(older).toEqual(['bu\u0308cher@sec.example']);
    // An IDN address was typed (and so stored) with its domain in Unicode.
    expect(olderEmailForms('jan@xn--bcher-kva.example')).toEqual(['jan@b\u00fccher.example']);
    older.length = 0;
    normaliseEmailWithOlderForms('jan@B\u00dccher.example\u200b', older);
    expect(older).toEqual(['jan@b\u00fccher.example\u200b', 'jan@b\u00fccher.example']);
  });

  it('names the Unicode form of a punycode domain among the older forms, and nothing for invalid punycode', () => {
    for (const label of [
      'b\u00fccher',
      'fa\u00df',
      '\u043f\u0440\u0438\u043c\u0435\u0440',
      '\u4f8b\u3048',
      '\ud83d\ude00',
      'm\u00fcnchen-ost',
      '\u0645\u062b\u0627\u0644',
    ]) {
      const ascii = new URL(`http://${label}.example`).hostname;
      expect(ascii.startsWith('xn--')).toBe(true);
      const older: string[] = [];
      expect(normaliseEmailWithOlderForms(`jan@${ascii}`, older)).toBe(`jan@${ascii}`);
      expect(older).toContain(`jan@${label}.example`);
    }
    const none: string[] = [];
    normaliseEmailWithOlderForms('jan@xn--zz.example', none);
    expect(none).toEqual([]);
  });

  it('are masked for display', () => {
    expect(maskEmail('jan@example.nl')).toBe('j***@example.nl');
    expect(maskEmail('jan@xn--bcher-kva.example')).toBe('j***@b\u00fccher.example');
  });

  it('can be loaded before the HTTP layer, and the route schemas still read the email field', async () => {
    // This file loads the domain module first, as a CLI command or a domain test does; the
    // route schemas must not depend on @hono/zod-openapi having been imported earlier.
    const { createApp } = await import('../../src/app');
    const { ContactParam } = await import('../../src/routes/contacts/schema');
    expect(typeof createApp).toBe('function');
    expect(ContactParam.parse({ contact: ' Jan@Example.NL ' })).toEqual({
      contact: { email: 'jan@example.nl' },
    });
  });
});
