import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';

describe('configuration', () => {
  it('has working defaults with no environment at all', () => {
    const config = parseConfig({});
    expect(config.port).toBe(8787);
    expect(config.publicUrl).toBe('http://localhost:8787');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.bodyLimitBytes).toBe(1024 * 1024);
  });

  it('derives PUBLIC_URL from PORT and strips a trailing slash', () => {
    expect(parseConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    expect(parseConfig({ PUBLIC_URL: 'https://prefs.example.nl/' }).publicUrl).toBe(
      'https://prefs.example.nl',
    );
  });

  it('stops with a message naming each wrong variable', () => {
    expect(() => parseConfig({ PORT: 'eighty', BRAND_ACCENT: 'blue', ADMIN_API_KEY: 'short' })).toThrowError(
      /PORT[\s\S]*ADMIN_API_KEY[\s\S]*BRAND_ACCENT/,
    );
  });

  it('reads SOFT_OPT_IN_MONTHS, 24 by default, and refuses what cannot be a number of months', () => {
    expect(parseConfig({}).softOptInMonths).toBe(24);
    expect(parseConfig({ SOFT_OPT_IN_MONTHS: '0' }).softOptInMonths).toBe(0);
    expect(parseConfig({ SOFT_OPT_IN_MONTHS: '12' }).softOptInMonths).toBe(12);
    for (const wrong of ['-1', '1.5', 'two years', '730'])
      expect(() => parseConfig({ SOFT_OPT_IN_MONTHS: wrong })).toThrowError(/SOFT_OPT_IN_MONTHS/);
  });

  it('takes ALLOWED_ORIGINS as browsers send Origin: lower case, no default port, no trailing slash', () => {
    expect(
      parseConfig({
        ALLOWED_ORIGINS: 'https://www.example.nl, https://Shop.Example.nl:443/,http://localhost:3000',
      }).allowedOrigins,
    ).toEqual(['https://www.example.nl', 'https://shop.example.nl', 'http://localhost:3000']);
  });

  it('accepts MAIL_FROM as an address or as a name with an address', () => {
    expect(parseConfig({ MAIL_FROM: 'news@acme.example' }).mailFrom).toBe('news@acme.example');
    expect(parseConfig({ MAIL_FROM: 'Acme Nieuws <nieuws@acme.example>' }).mailFrom).toBe(
      'Acme Nieuws <nieuws@acme.example>',
    );
  });

  it('accepts the libSQL URLs the client opens: an embedded file or a remote server', () => {
    for (const url of [
      'file:./data/mailprefs.db',
      'file:/var/lib/mailprefs.db',
      'libsql://db-org.turso.io',
      'https://db.example.com',
      'http://127.0.0.1:8081',
    ]) {
      expect(parseConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    }
  });
});
