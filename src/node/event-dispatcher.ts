// The Node server's in-process dispatcher. It is woken by the outbox signal right after a
// commit that recorded events, and otherwise sleeps until the next retry is due (or at most
// `pollMs`, which also catches events written by another process: the command line, a second
// server). Each wake runs dispatch rounds until nothing is due; up to `workers` rounds run at
// once, so one slow receiver does not hold up the others. Claims are leased in the database,
// so any number of dispatchers can share it.
//
// While the server answers requests (`yieldTo`), a wake waits until none is in flight, or
// `holdMs` at most: in a burst of one-clicks, each commit's signal would otherwise start a round
// of one or two deliveries, each with its own claim, endpoint read and commit on the main thread.
// Held, a round takes what a burst committed in that time at once.

import { randomId } from '../crypto/random';
import { describeError } from '../db/errors';
import { createWriteLane, dispatchRound } from '../delivery/dispatch';
import { type AppDeps, type DispatchDepsSource, dispatchDeps } from '../deps';
import { nextDueAt } from '../domain/outbox';
import type { RequestGauge } from './request-gauge';

export interface EventDispatcher {
  /** Looks for due deliveries now. */
  wake(): void;
  /** Resolves once no round is running (tests wait on it after a change). */
  idle(): Promise<void>;
  /** Stops claiming; waits for rounds in flight to record their attempts. */
  stop(): Promise<void>;
}

/** What a dispatcher runs on: the app's dependencies, or a dispatcher thread's own. */
export type DispatcherDeps = DispatchDepsSource & Pick<AppDeps, 'outbox'>;

export interface DispatcherOptions {
  /** Deliveries claimed per round. */
  batchSize?: number;
  /** Rounds that may run at once. */
  workers?: number;
  /** The longest sleep between looks when nothing is due. */
  pollMs?: number;
  /** Requests in flight, which go before a round (the server's gauge). */
  yieldTo?: RequestGauge;
  /** The longest a wake waits for requests in flight to end. */
  holdMs?: number;
}

export function startEventDispatcher(deps: DispatcherDeps, opts: DispatcherOptions = {}): EventDispatcher {
  const batchSize = opts.batchSize ?? 64;
  const maxWorkers = opts.workers ?? 4;
  const pollMs = opts.pollMs ?? 5000;
  const gauge = opts.yieldTo;
  const holdMs = opts.holdMs ?? 50;
  const holder = randomId('disp_', 9);
  const round = dispatchDeps(deps);
  const exclusive = createWriteLane();
  const running = new Set<Promise<void>>();
  let stopped = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idleWaiters: Array<() => void> = [];
  let held: { timer: ReturnType<typeof setTimeout>; cancel(): void } | undefined;

  const sleep = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(wake, Math.max(50, Math.min(ms, pollMs)));
    timer.unref?.();
  };

  const work = async () => {
    for (;;) {
      if (stopped) return;
      again = false;
      const result = await dispatchRound(round, {
        holder,
        limit: batchSize,
        exclusive,
        onRecorded: wakeSoon,
      });
      // A full round means more may be due: let another worker share the rest.
      if (result.attempted === batchSize) wake();
      if (result.attempted === 0 && !again) return;
      // What was committed during this round signalled a held wake; requests go first.
      if (result.attempted < batchSize && !again && gauge && gauge.inFlight > 0) return;
    }
  };

  const afterWork = async (failed: unknown) => {
    if (failed) {
      deps.logger.warn('event dispatch failed; retrying shortly', { error: describeError(failed) });
    }
    if (running.size > 0 || stopped) return;
    try {
      const next = failed ? null : await nextDueAt(round);
      sleep(failed ? 1000 : next ? next.getTime() - deps.clock.now().getTime() : pollMs);
    } catch (err) {
      deps.logger.warn('event dispatch failed; retrying shortly', { error: describeError(err) });
      sleep(1000);
    }
    if (running.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  function wake() {
    if (stopped) return;
    if (running.size >= maxWorkers) {
      again = true;
      return;
    }
    clearTimeout(timer);
    let failure: unknown;
    const job: Promise<void> = work()
      .catch((err) => {
        failure = err;
      })
      .finally(() => {
        running.delete(job);
        void afterWork(failure);
      });
    running.add(job);
  }

  /** A wake that first lets the requests in flight end (holdMs at most). */
  function wakeSoon() {
    if (stopped) return;
    if (!gauge || gauge.inFlight === 0) return wake();
    if (held) return;
    const go = () => {
      if (!held) return;
      clearTimeout(held.timer);
      held.cancel();
      held = undefined;
      wake();
    };
    held = { timer: setTimeout(go, holdMs), cancel: () => {} };
    held.timer.unref?.();
    held.cancel = gauge.whenIdle(go);
  }

  const unlisten = deps.outbox.listen(() => wakeSoon());
  wake();

  return {
    wake,
    idle: () =>
      running.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)),
    async stop() {
      stopped = true;
      unlisten();
      clearTimeout(timer);
      if (held) {
        clearTimeout(held.timer);
        held.cancel();
        held = undefined;
      }
      // Attempts in flight finish within the timeout; their leases cover anything cut short.
      const deadline = new Promise((resolve) =>
        setTimeout(resolve, deps.config.webhooks.timeoutMs + 1000).unref?.(),
      );
      await Promise.race([Promise.allSettled([...running]), deadline]);
    },
  };
}
