// Helpers for the sign-up tests: posting the public form as JSON or as a browser form (and
// waiting for the mail that leaves after the answer), and reading the confirm link out of it.
import type { OutgoingMail } from '../../src/mail/transport';
import type { TestEnv } from '../support/harness';

export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0';

/**
 * Posts a sign-up as JSON and waits for the work the app does after answering (the mail and
 * the trail entry), so the test sees the sign-up as the person will a moment later.
 */
export async function postJson(env: TestEnv, body: unknown, headers: Record<string, string> = {}) {
  const res = await env.app.request('/v1/subscribe', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA, ...headers },
    body: JSON.stringify(body),
  });
  await env.deferred.settled();
  return res;
}

/** Posts a sign-up as a browser form and waits for the work after the answer, as postJson. */
export async function postForm(
  env: TestEnv,
  fields: Array<[string, string]>,
  headers: Record<string, string> = {},
) {
  const res = await env.app.request('/v1/subscribe', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER_UA, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  await env.deferred.settled();
  return res;
}

export function confirmPath(mail: Pick<OutgoingMail, 'text'>): string {
  const match = mail.text.match(/https?:\/\/[^\s/]+(\/c\/[A-Za-z0-9_.-]+)/);
  if (!match) throw new Error(`no confirm link in:\n${mail.text}`);
  return match[1];
}

export function mailsTo(env: TestEnv, email: string) {
  return env.outbox.sent.filter((m) => m.to === email);
}
