// Helpers for the sign-up tests: posting the public form as JSON or as a browser form, and
// reading the confirm link out of the mail that was sent.
import type { OutgoingMail } from '../../src/mail/transport';
import type { TestEnv } from '../support/harness';

export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0';

export function postJson(env: TestEnv, body: unknown, headers: Record<string, string> = {}) {
  return env.app.request('/v1/subscribe', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA, ...headers },
    body: JSON.stringify(body),
  });
}

export function postForm(
  env: TestEnv,
  fields: Array<[string, string]>,
  headers: Record<string, string> = {},
) {
  return env.app.request('/v1/subscribe', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER_UA, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export function confirmPath(mail: Pick<OutgoingMail, 'text'>): string {
  const match = mail.text.match(/https?:\/\/[^\s/]+(\/c\/[A-Za-z0-9_.-]+)/);
  if (!match) throw new Error(`no confirm link in:\n${mail.text}`);
  return match[1];
}

export function mailsTo(env: TestEnv, email: string) {
  return env.outbox.sent.filter((m) => m.to === email);
}
