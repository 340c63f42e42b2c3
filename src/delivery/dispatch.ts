// One dispatch round, the same on Node and on Workers: claim due deliveries under a lease,
// send each to its target (all at once; a slow target holds only its own), and complete the
// round in one transaction. The Node dispatcher runs rounds whenever it is woken; the Workers
// queue consumer runs them for the event ids in its messages.
import type { Config } from '../config';
import type { ConnectorRuntime } from '../connectors/runtime';
import type { SecretBox } from '../crypto/secret-box';
import { describeError } from '../db/errors';
import type { DeliveryTarget } from '../domain/delivery-target';
import {
  type AttemptResult,
  type ClaimedDelivery,
  type CompletionReport,
  claimDueDeliveries,
  completeDeliveries,
  type OutboxContext,
} from '../domain/outbox';
import type { Logger } from '../logger';
import type { HttpSender } from './http-sender';
import { openTarget, type TargetProblem } from './targets';

/** How long attempts that ended wait for others to share their transaction. */
const FLUSH_WINDOW_MS = 20;

export interface DispatchDeps extends OutboxContext {
  config: Pick<Config, 'webhooks'>;
  logger: Logger;
  secretBox?: SecretBox;
  sender: HttpSender;
  connectors?: ConnectorRuntime;
}

export interface RoundOptions {
  holder: string;
  /**
   * Runs the round's database writes one at a time with those of the other rounds sharing it:
   * concurrent SQLite writers wait on each other in the busy handler's sleeps, which costs far
   * more than taking turns.
   */
  exclusive?: <T>(write: () => Promise<T>) => Promise<T>;
  limit: number;
  eventIds?: number[];
  /** Called after each batch of attempts is recorded (a contact's next event may be due now). */
  onRecorded?(): void;
}

export interface RoundResult extends CompletionReport {
  attempted: number;
}

async function attempt(
  deps: DispatchDeps,
  delivery: ClaimedDelivery,
  holder: string,
  targets: Map<string, Promise<DeliveryTarget | TargetProblem>>,
): Promise<AttemptResult> {
  const startedAt = deps.clock.now();
  const started = performance.now();
  const done = (outcome: AttemptResult['outcome']): AttemptResult => ({
    delivery,
    holder,
    outcome,
    startedAt,
    durationMs: performance.now() - started,
  });
  if (delivery.unavailable) return done({ result: 'give_up', error: delivery.unavailable });
  const key = `${delivery.targetType}:${delivery.targetId}`;
  let opening = targets.get(key);
  if (!opening) {
    opening = openTarget(
      { ...deps, timeoutMs: deps.config.webhooks.timeoutMs },
      delivery.targetType,
      delivery.targetId,
    );
    targets.set(key, opening);
  }
  const target = await opening;
  if ('problem' in target)
    return done({ result: target.lasting ? 'give_up' : 'retry', error: target.problem });
  try {
    return done(await target.deliver(delivery));
  } catch (err) {
    // A bug in a target must not lose the delivery: it is tried again on the schedule.
    deps.logger.error('delivery target failed', {
      deliveryId: delivery.deliveryId,
      targetType: delivery.targetType,
      error: describeError(err),
    });
    return done({ result: 'retry', error: 'internal error' });
  }
}

export async function dispatchRound(deps: DispatchDeps, opts: RoundOptions): Promise<RoundResult> {
  const exclusive = opts.exclusive ?? ((write) => write());
  const claimed = await exclusive(() =>
    claimDueDeliveries(deps, {
      holder: opts.holder,
      leaseMs: deps.config.webhooks.leaseMs,
      limit: opts.limit,
      eventIds: opts.eventIds,
    }),
  );
  const result: RoundResult = { attempted: claimed.length, disabled: [], gaveUp: 0, rescheduled: [] };
  if (claimed.length === 0) return result;
  const targets = new Map<string, Promise<DeliveryTarget | TargetProblem>>();

  // Group commit: attempts are recorded in one transaction when the round's last one ends, and
  // meanwhile every FLUSH_WINDOW_MS, so a slow receiver holds back the record (and the next
  // event) of a fast one by that much at most. Each commit waits for the disk, so fewer and
  // larger ones are what lets a busy round keep up.
  let waiting: AttemptResult[] = [];
  let failure: unknown;
  let chain: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = async () => {
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    try {
      const report = await exclusive(() =>
        completeDeliveries(deps, batch, deps.config.webhooks.retrySchedule),
      );
      merge(result, report);
      logReport(deps, batch, report);
      opts.onRecorded?.();
    } catch (err) {
      failure ??= err;
    }
  };
  const flushSoon = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      chain = chain.then(flush);
    }, FLUSH_WINDOW_MS);
  };
  await Promise.all(
    claimed.map(async (d) => {
      // Awaited first: `waiting.push(await …)` would push into the array a flush has since taken.
      const ended = await attempt(deps, d, opts.holder, targets);
      waiting.push(ended);
      flushSoon();
    }),
  );
  clearTimeout(timer);
  chain = chain.then(flush);
  await chain;
  // Attempts whose record failed are tried again when their lease runs out.
  if (failure) throw failure;
  return result;
}

function merge(into: RoundResult, report: CompletionReport) {
  into.disabled.push(...report.disabled);
  into.rescheduled.push(...report.rescheduled);
  into.gaveUp += report.gaveUp;
  if (report.nextAttemptAt && (!into.nextAttemptAt || report.nextAttemptAt < into.nextAttemptAt)) {
    into.nextAttemptAt = report.nextAttemptAt;
  }
}

function logReport(deps: DispatchDeps, batch: AttemptResult[], report: CompletionReport) {
  const reasons = {
    gone: 'it answered 410 Gone',
    unauthorized: 'the tool refused its credentials (401/403)',
    failing: 'every delivery failed for 5 days',
  };
  for (const d of report.disabled) {
    if (d.targetType === 'connector') {
      deps.logger.warn('connector disabled', { connectorId: d.targetId, reason: reasons[d.reason] });
    } else {
      deps.logger.warn('webhook endpoint disabled', { endpointId: d.targetId, reason: reasons[d.reason] });
    }
  }
  const failed = batch.filter((r) => r.outcome.result !== 'delivered').length;
  if (failed) {
    deps.logger.info('deliveries not accepted', { attempted: batch.length, failed, gaveUp: report.gaveUp });
  }
}

/** A lock for `RoundOptions.exclusive`: each write starts when the one before it has ended. */
export function createWriteLane(): <T>(write: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (write) => {
    const run = tail.then(write, write);
    tail = run.catch(() => undefined);
    return run;
  };
}
