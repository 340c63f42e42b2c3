import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepLocalMail, LOCAL_MAIL_LIMIT, recentLocalMail } from '../../src/db/local-mail';
import { createTestEnv, type TestEnv, uniqueEmail } from '../support/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  env.clock.set('2026-12-10T09:00:00Z');
});
afterAll(() => env.close());

const mail = (to: string, n = 0) => ({
  to,
  subject: `Subject ${n}`,
  text: `Body ${n}`,
  html: '<p>Body</p>',
  idempotencyKey: `k-${to}-${n}`,
  kind: 'confirm' as const,
});

describe('the local outbox', () => {
  it('keeps the confirmation of a completed data request, attachment named but not stored', async () => {
    const email = uniqueEmail('outbox');
    const created = await env.api('POST', '/v1/requests', {
      email,
      type: 'access',
      channel: 'email',
      received_at: '2026-12-09T10:00:00Z',
    });
    const { id } = (await created.json()) as { id: string };
    expect((await env.api('POST', `/v1/requests/${id}/complete`)).status).toBe(200);
    const [kept] = await recentLocalMail(env.deps.db, 1);
    expect(kept).toMatchObject({ kind: 'request-completed', to: email, attachments: null });
    expect(kept.subject).toBe('Your request about your personal data has been handled');
    expect(kept.text).toContain('We hold no personal data about this email address');
  });

  it(`keeps at most ${LOCAL_MAIL_LIMIT} mails and none older than 7 days`, async () => {
    const to = uniqueEmail('old');
    await keepLocalMail(env.deps.db, env.clock, mail(to), { id: 'local_old' });
    env.clock.advance(8 * 86_400_000);
    for (let n = 1; n <= LOCAL_MAIL_LIMIT + 5; n++) {
      await keepLocalMail(env.deps.db, env.clock, mail('bulk@example.nl', n), { id: `local_${n}` });
    }
    const all = await recentLocalMail(env.deps.db, 1000);
    expect(all).toHaveLength(LOCAL_MAIL_LIMIT);
    expect(all[0].subject).toBe(`Subject ${LOCAL_MAIL_LIMIT + 5}`);
    expect(all.some((m) => m.to === to)).toBe(false);
  });

  it('is not written when mail goes through Resend', async () => {
    // The harness's transport stands in for Resend; the key alone decides about the outbox.
    const withResend = await createTestEnv({ env: { RESEND_API_KEY: 're_test_0123456789' } });
    try {
      const email = uniqueEmail('sent');
      const res = await withResend.api('POST', '/v1/requests', {
        email,
        type: 'rectification',
        channel: 'phone',
        received_at: '2026-01-14T10:00:00Z',
      });
      const { id } = (await res.json()) as { id: string };
      expect((await withResend.api('POST', `/v1/requests/${id}/complete`)).status).toBe(200);
      expect(withResend.outbox.sent.map((m) => m.to)).toContain(email);
      expect(await recentLocalMail(withResend.deps.db)).toEqual([]);
    } finally {
      withResend.close();
    }
  });
});
