import { describe, expect, it } from 'vitest';
import { isValidEmail, maskEmail, normaliseEmail } from '../../src/domain/email';

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

  it('are masked for display', () => {
    expect(maskEmail('jan@example.nl')).toBe('j***@example.nl');
  });

  it('can be loaded before the HTTP layer, and the route schemas still document the email field', async () => {
    // This file loads the domain module first, as a CLI command or a domain test does; the
    // route schemas must not depend on @hono/zod-openapi having been imported earlier.
    const { createApp } = await import('../../src/app');
    const { EmailParam } = await import('../../src/routes/contacts/schema');
    expect(typeof createApp).toBe('function');
    expect(EmailParam.parse({ email: ' Jan@Example.NL ' })).toEqual({ email: 'jan@example.nl' });
  });
});
