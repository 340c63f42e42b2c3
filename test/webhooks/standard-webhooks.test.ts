// Our Standard Webhooks signatures against the reference library's, byte for byte: the service
// signs and verifies with @noble/hashes, receivers and senders use the library.
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret } from '../../src/domain/webhook-endpoints';
import { signWebhook, verifyWebhook } from '../../src/http/standard-webhooks';

const bodies = ['', '{"type":"contact.unsubscribed"}', 'Zoë, 東京 and 🙂', 'x'.repeat(5000)];

describe('Standard Webhooks signatures', () => {
  it('sign exactly as the reference library does, for any secret and body', () => {
    for (let i = 0; i < 20; i++) {
      const secret = newWebhookSecret();
      for (const body of bodies) {
        const id = `msg_${i}`;
        const seconds = 1_700_000_000 + i;
        expect(signWebhook(secret, id, seconds, body)).toBe(
          new Webhook(secret).sign(id, new Date(seconds * 1000), body),
        );
      }
    }
    // Resend's secrets come with the prefix, and keys of any length work.
    const short = `whsec_${btoa('k')}`;
    expect(signWebhook(short, 'a', 1, 'b')).toBe(new Webhook(short).sign('a', new Date(1000), 'b'));
  });

  it('accept what the reference library signs, and nothing else', () => {
    const secret = newWebhookSecret();
    const now = new Date('2026-12-01T12:00:00Z');
    const seconds = now.getTime() / 1000;
    const signature = new Webhook(secret).sign('msg_1', now, 'hello');
    const headers = { id: 'msg_1', timestamp: String(seconds), signature };
    expect(verifyWebhook(secret, headers, 'hello', now)).toEqual({ id: 'msg_1', timestamp: now });
    expect(() => verifyWebhook(secret, headers, 'hello!', now)).toThrow(/does not match/);
    expect(() => verifyWebhook(newWebhookSecret(), headers, 'hello', now)).toThrow(/does not match/);
  });

  it('refuse a secret that is not base64 after whsec_, as the reference library does', () => {
    for (const secret of ['whsec_', 'whsec_abc', 'whsec_ab-_', 'whsec_ab cd']) {
      expect(() => new Webhook(secret).sign('a', new Date(), 'b')).toThrow();
      expect(() => signWebhook(secret, 'a', 1, 'b')).toThrow(/whsec_ and base64/);
    }
  });
});
