// A connector as an outbox target: the event becomes the tool's change (the push table in the
// README), the tool file makes the calls, and the answer becomes the delivery's outcome: a 429
// or a 5xx (or no answer) is tried again on the outbox schedule, no sooner than Retry-After; a
// 401 or 403 stops the connector; an unknown member is fine for an opt-out. Each push is noted
// in the connector's activity log, without the address.

import { logActivity } from '../domain/connectors';
import type { DbOrTx } from '../domain/context';
import type { DeliveryOutcome, DeliveryTarget, OutboundMessage } from '../domain/delivery-target';
import { retryAfterSeconds } from '../net/retry-after';
import { ToolHttpError } from './http';
import type { OpenConnector } from './open';
import type { PushChange } from './types';

/** The tool's change for an event, or null when the connector has nothing to do with it. */
export function pushChangeFor(
  open: Pick<OpenConnector, 'connector' | 'tool' | 'settings'>,
  message: OutboundMessage,
): PushChange | null {
  const { event } = message;
  const data = event.data as { email?: string; topic?: string | null };
  if (!data.email) return null;
  const mapped = (topic: string | null | undefined) =>
    !!topic && open.tool.topics(open.settings).includes(topic);
  switch (event.type) {
    case 'contact.unsubscribed':
      if (data.topic === null) return { kind: 'opt_out_all', email: data.email };
      return mapped(data.topic)
        ? { kind: 'opt_out_topic', email: data.email, topic: data.topic as string }
        : null;
    case 'contact.suppressed':
      return { kind: 'opt_out_all', email: data.email };
    case 'contact.erased':
      return { kind: 'erase', email: data.email };
    case 'contact.confirmed':
      return open.connector.pushOptIns && mapped(data.topic)
        ? { kind: 'opt_in_topic', email: data.email, topic: data.topic as string }
        : null;
    default:
      return null;
  }
}

export function describeChange(change: PushChange): string {
  switch (change.kind) {
    case 'opt_out_topic':
      return `unsubscribe topic ${change.topic}`;
    case 'opt_in_topic':
      return `subscribe topic ${change.topic}`;
    case 'opt_out_all':
      return 'unsubscribe everything';
    case 'erase':
      return 'erase';
  }
}

/** What a failed call means for the delivery. */
export function outcomeOfError(err: ToolHttpError, now: Date): DeliveryOutcome {
  const { status } = err;
  if (status === 401 || status === 403)
    return { result: 'disable_target', statusCode: status, error: `HTTP ${status}: credentials refused` };
  if (status === 0) return { result: 'retry', error: err.message };
  if (status === 429 || status >= 500) {
    return {
      result: 'retry',
      statusCode: status,
      error: `HTTP ${status}`,
      retryAfterSeconds: retryAfterSeconds(err.retryAfter, now),
    };
  }
  return { result: 'give_up', statusCode: status, error: `HTTP ${status}` };
}

export function connectorTarget(open: OpenConnector, deps: { db: DbOrTx; now(): Date }): DeliveryTarget {
  return {
    async deliver(message) {
      const change = pushChangeFor(open, message);
      if (!change) return { result: 'delivered' };
      const what = describeChange(change);
      const note = (outcome: string, statusCode?: number) =>
        logActivity(deps.db, deps.now(), [
          { connectorId: open.connector.id, direction: 'push', what, outcome, statusCode },
        ]);
      try {
        const result = await open.tool.push(open.client, open.settings, change);
        await note(result === 'done' ? 'ok' : 'unknown member');
        return { result: 'delivered' };
      } catch (err) {
        if (!(err instanceof ToolHttpError)) throw err;
        const outcome = outcomeOfError(err, deps.now());
        await note(
          outcome.result === 'retry' ? `will retry (${err.message})` : `failed (${err.message})`,
          err.status || undefined,
        );
        return outcome;
      }
    },
  };
}
