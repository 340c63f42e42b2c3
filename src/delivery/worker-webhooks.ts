// The Worker's side of outbound webhooks: what registration and delivery need there (fetch,
// DNS over HTTPS, the secret box when ENCRYPTION_KEY is set), and the hand-over of committed
// event ids to the queue once a request, a queue batch or a cron tick is done.
import type { Config } from '../config';
import { createSecretBox } from '../crypto/secret-box';
import { describeError } from '../db/errors';
import type { AppDeps, WebhookRuntime } from '../deps';
import type { OutboxSignal } from '../domain/outbox-notifier';
import { deliverQueuedEvents, type EventQueue, enqueueEvents } from '../jobs/deliver-events';
import { createDohResolver } from './doh-resolver';
import { createFetchSender } from './fetch-sender';
import { createTargetUrlCheck } from './target-check';

export function workerWebhookRuntime(config: Config): WebhookRuntime {
  const rules = { allowPrivate: config.webhooks.allowPrivateTargets };
  const resolve = createDohResolver();
  return {
    // Optional, so a Worker deployed before webhooks keeps starting; registering one says what is missing.
    secretBox: config.encryptionKey ? createSecretBox(config.encryptionKey) : undefined,
    checkTargetUrl: createTargetUrlCheck(rules, resolve),
    sender: createFetchSender(rules, resolve),
  };
}

/** The queue producer binding (`EVENTS_QUEUE` in wrangler.toml), when there is one. */
export function eventQueueOf(env: object): EventQueue | undefined {
  const queue = (env as { EVENTS_QUEUE?: EventQueue }).EVENTS_QUEUE;
  return typeof queue?.send === 'function' ? queue : undefined;
}

/** Collects the ids the outbox signal reports in this isolate, until they are handed over. */
export function collectCommittedEvents(outbox: OutboxSignal): { take(): number[] } {
  let ids: number[] = [];
  outbox.listen((committed) => {
    ids.push(...committed);
  });
  return {
    take() {
      const taken = ids;
      ids = [];
      return taken;
    },
  };
}

/**
 * Hands committed event ids over through waitUntil: to the queue, or (without one) straight to
 * delivery. A failure here only delays the events until the cron's sweep.
 */
export function handOverEvents(
  deps: AppDeps,
  queue: EventQueue | undefined,
  ids: number[],
  waitUntil: (promise: Promise<unknown>) => void,
): void {
  if (ids.length === 0) return;
  const work = queue ? enqueueEvents(deps, queue, ids) : deliverQueuedEvents(deps, undefined, ids);
  waitUntil(
    work.catch((err) =>
      deps.logger.warn('events not handed over; the sweep will', { error: describeError(err) }),
    ),
  );
}
