// One rule, written once (domain/mailer.ts) and used by the sign-up's retry decision and by the
// sweep's log level: a key the provider refuses is worth a later attempt, and an operator's job.
import { describe, expect, it } from 'vitest';
import { isRefusedKey, MailSendError } from '../../src/domain/mailer';

describe('a refused API key', () => {
  it('is a 401 or 403 from the mail service, and nothing else', () => {
    expect(isRefusedKey(new MailSendError('missing', 401, 'missing_api_key', false))).toBe(true);
    expect(isRefusedKey(new MailSendError('invalid', 403, 'invalid_api_key', false))).toBe(true);
    for (const status of [422, 429, 500, 503, null]) {
      expect(isRefusedKey(new MailSendError('other', status, 'x', status !== 422))).toBe(false);
    }
    expect(isRefusedKey(Object.assign(new Error('forbidden'), { status: 403 }))).toBe(false);
  });
});
