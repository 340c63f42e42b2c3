// A sign-up is answered before its confirmation mail is sent: a new address would otherwise
// answer as slowly as the mail provider, and a known or suppressed one fast, so the timing
// alone would tell a stranger who is on the list. The mail still leaves, after the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailTransport, OutgoingMail } from '../../src/mail/transport';
import type { RunningServer } from '../../src/node/serve';
import { createTestEnv, createTopic, startTestServer, type TestEnv, uniqueEmail } from '../support/harness';

/** A mail transport that holds every send until the test releases it. */
function heldTransport() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const asked: OutgoingMail[] = [];
  const sent: OutgoingMail[] = [];
  const transport: MailTransport = {
    async send(mail) {
      asked.push(mail);
      await gate;
      sent.push(mail);
      return { id: `held_${sent.length}` };
    },
  };
  return { transport, asked, sent, release };
}

let env: TestEnv;
let server: RunningServer;
let news: string;
const held = heldTransport();
beforeAll(async () => {
  env = await createTestEnv({ mailer: held.transport });
  server = await startTestServer(env);
  news = await createTopic(env);
});
afterAll(async () => {
  held.release();
  await env.deferred.settled();
  await server.close();
  env.close();
});

describe('a sign-up for a new address', () => {
  it('is answered while the mail transport has not finished, and the mail is sent after', async () => {
    const email = uniqueEmail();
    const res = await fetch(`${server.url}/v1/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.44' },
      body: JSON.stringify({ email, topics: [news], consent_text: 'Yes, send me news.' }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'accepted' });
    expect(held.sent).toHaveLength(0);

    held.release();
    await env.deferred.settled();
    expect(held.sent.map((m) => [m.to, m.kind])).toEqual([[email, 'confirm']]);

    // The trail entry is written once the mail has left, so it still names that mail.
    const contact = (await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).json()) as {
      subscriptions: Record<string, string>;
      consent_trail: Array<Record<string, unknown>>;
    };
    expect(contact.subscriptions).toEqual({ [news]: 'pending' });
    expect(contact.consent_trail).toEqual([
      expect.objectContaining({ action: 'request', message_id: 'held_1', wording: 'Yes, send me news.' }),
    ]);
  });
});
