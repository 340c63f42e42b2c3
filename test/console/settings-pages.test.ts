import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, eventDeliveries } from '../../src/db/schema';
import { csrfOf, postForm, type SignedIn, signedIn } from '../support/console';
import { createTestEnv, type TestEnv } from '../support/harness';

let env: TestEnv;
let admin: SignedIn;
let staff: SignedIn;
beforeAll(async () => {
  env = await createTestEnv({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
  admin = await signedIn(env, 'admin');
  staff = await signedIn(env, 'staff');
});
afterAll(() => env.close());

const page = async (path: string, who: SignedIn = admin) => {
  const res = await env.app.request(path, { headers: { cookie: who.cookie } });
  return { res, html: await res.text() };
};

describe('the API keys page', () => {
  it('makes a key whose secret is shown once and works, and revokes it', async () => {
    const list = await page('/admin/keys');
    expect(list.res.status).toBe(200);
    const made = await postForm(
      env,
      '/admin/keys',
      { csrf: csrfOf(list.html), name: 'Mailchimp presend', scopes: 'presend' },
      { cookie: admin.cookie },
    );
    expect(made.status).toBe(200);
    expect(made.headers.get('cache-control')).toBe('no-store');
    const html = await made.text();
    const secret = html.match(/<code>(mp_[^<]+)<\/code>/)?.[1];
    expect(secret).toBeDefined();
    expect((await page('/admin/keys')).html).not.toContain(secret!);
    const presend = await env.api(
      'POST',
      '/v1/presend',
      { topic: 'none', email: 'x@example.nl' },
      { key: secret! },
    );
    expect(presend.status).toBe(404); // past authentication: the topic does not exist
    const id = html.match(/action="\/admin\/keys\/(key_[^/]+)\/revoke"/)?.[1];
    const revoked = await postForm(
      env,
      `/admin/keys/${id}/revoke`,
      { csrf: csrfOf(html) },
      { cookie: admin.cookie },
    );
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toContain('The key was revoked.');
    expect(
      (await env.api('POST', '/v1/presend', { topic: 'none', email: 'x@example.nl' }, { key: secret! }))
        .status,
    ).toBe(401);
    const audit = await env.deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, id!));
    expect(audit.map((a) => a.action)).toEqual(['key.created', 'key.revoked']);
  });

  it('is not for staff', async () => {
    expect((await page('/admin/keys', staff)).res.status).toBe(403);
    expect((await page('/admin', staff)).html).not.toContain('href="/admin/keys"');
  });
});

describe('the webhook endpoints pages', () => {
  it('show the delivery log and send a failed delivery again', async () => {
    const made = await env.api('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hook' });
    const { id } = (await made.json()) as { id: string };
    expect((await env.api('POST', `/v1/webhooks/${id}/test`)).status).toBeLessThan(300);
    await env.deps.db
      .update(eventDeliveries)
      .set({ status: 'failed', attempts: 8 })
      .where(eq(eventDeliveries.targetId, id));
    const list = await page('/admin/webhooks');
    expect(list.html).toContain(`href="/admin/webhooks/${id}"`);
    const log = await page(`/admin/webhooks/${id}`);
    expect(log.html).toContain('webhook.test');
    expect(log.html).toContain('failed');
    const [delivery] = await env.deps.db
      .select()
      .from(eventDeliveries)
      .where(eq(eventDeliveries.targetId, id));
    const retried = await postForm(
      env,
      `/admin/webhooks/${id}/deliveries/${delivery.id}/retry`,
      { csrf: csrfOf(log.html) },
      { cookie: admin.cookie },
    );
    expect(retried.status).toBe(200);
    const answer = await retried.text();
    const [after] = await env.deps.db
      .select()
      .from(eventDeliveries)
      .where(eq(eventDeliveries.id, delivery.id));
    expect(after.status).toBe('pending');
    expect(answer).toContain('The delivery is queued to be sent again.');
  });
});
