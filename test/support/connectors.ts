// Helpers for connector tests: an events app (dispatcher running, private targets allowed so
// the stand-ins on 127.0.0.1 can be reached), connectors registered through the API, and the
// steps a person takes (one-click unsubscribe of a topic, unsubscribe from everything, erasure).
import { eq } from 'drizzle-orm';
import { connectorActivity, eventDeliveries } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { addSuppression } from '../../src/domain/suppressions';
import { createEventsEnv, type EventsEnv, eventually } from './events';
import type { TestEnv } from './harness';

export interface ConnectorView {
  id: string;
  type: string;
  enabled: boolean;
  state: string;
  disabled_reason: string | null;
  inbound_url: string;
  [key: string]: unknown;
}

export async function createConnectorsEnv(
  opts: Parameters<typeof createEventsEnv>[0] = {},
): Promise<EventsEnv> {
  return createEventsEnv(opts);
}

export async function connect(env: TestEnv, body: Record<string, unknown>): Promise<ConnectorView> {
  const res = await env.api('POST', '/v1/connectors', { name: `${body.type} test`, ...body });
  if (res.status !== 201) throw new Error(`connect: ${res.status} ${await res.text()}`);
  return (await res.json()) as ConnectorView;
}

/** The inbound URL's path, for app.request. */
export const inboundPath = (c: ConnectorView) => new URL(c.inbound_url).pathname;

/** A one-click unsubscribe of one topic (or every topic) through the signed link. */
export async function oneClick(env: TestEnv, email: string, topic: string | null): Promise<void> {
  const links = (await (await env.api('POST', '/v1/links', { email, topic })).json()) as {
    unsubscribe_url: string;
  };
  const res = await env.app.request(new URL(links.unsubscribe_url).pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  if (res.status !== 200) throw new Error(`one-click: ${res.status}`);
}

export async function erase(env: TestEnv, email: string): Promise<void> {
  const res = await env.api('DELETE', `/v1/contacts/${encodeURIComponent(email)}?notify=false`);
  if (res.status !== 200) throw new Error(`erase: ${res.status} ${await res.text()}`);
}

/** Whether presend clears the address for the topic. */
export async function presendSends(env: TestEnv, email: string, topic: string): Promise<boolean> {
  const res = await env.api('POST', '/v1/presend', { topic, email });
  return ((await res.json()) as { send: boolean }).send;
}

/** The connector's deliveries once none is pending any more. */
export async function settledDeliveries(env: TestEnv, connectorId: string, timeoutMs = 8000) {
  return eventually(async () => {
    const rows = await env.deps.db
      .select()
      .from(eventDeliveries)
      .where(eq(eventDeliveries.targetId, connectorId));
    if (rows.length === 0 || rows.some((r) => r.status === 'pending')) throw new Error('still pending');
    return rows;
  }, timeoutMs);
}

export async function activityOf(env: TestEnv, connectorId: string) {
  return env.deps.db.select().from(connectorActivity).where(eq(connectorActivity.connectorId, connectorId));
}

/** A hard bounce or a complaint, as the mail provider's webhook records it. */
export async function suppress(env: TestEnv, email: string, reason: 'bounced' | 'complained'): Promise<void> {
  await addSuppression({ ctx: domainContext(env.deps), input: { email, reason, source: 'resend-webhook' } });
}

/** A double opt-in: the sign-up, then the confirmation click in the mail. */
export async function confirmOptIn(env: TestEnv, email: string, topic: string): Promise<void> {
  const res = await env.app.request('/v1/subscribe', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
    },
    body: JSON.stringify({ email, topics: [topic], consent_text: 'Send me news.' }),
  });
  if (res.status >= 300) throw new Error(`subscribe: ${res.status} ${await res.text()}`);
  await env.deferred.settled();
  const mail = [...env.outbox.sent].reverse().find((m) => m.to === email && m.kind === 'confirm');
  const path = mail?.text.match(/https?:\/\/[^\s/]+(\/c\/[A-Za-z0-9_.-]+)/)?.[1];
  if (!path) throw new Error('no confirmation mail');
  const confirm = await env.app.request(path, { method: 'POST' });
  if (confirm.status !== 200) throw new Error(`confirm: ${confirm.status}`);
}
