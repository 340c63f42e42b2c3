// Confirmation mails of sign-ups, as both runtimes run them: right after the answer (the
// route defers `deliverDueSignUp`), and by the sweep for any sign-up a crash, a cut-off
// waitUntil or a failed send left behind (the Node timer, and the Worker's crons). Logs
// outcomes, never addresses.
import { describeError } from '../db/errors';
import { type AppDeps, domainContext } from '../deps';
import { isRefusedKey, MailSendError } from '../domain/mailer';
import { type DeliveryResult, deliverSignUp } from '../domain/sign-up-delivery';
import { giveUpSignUps, overdueSignUps } from '../domain/sign-ups-due';
import { repeatJob } from './repeat';

/**
 * Sign-ups one sweep takes on, and the pause between its sends: at most one mail a second,
 * so the backlog of an outage reaches Resend (2 to 5 requests a second per team, by plan) at
 * half its limit or less, with room left for live sign-ups. 40 fit in the Node server's minute.
 */
export const SWEEP_BATCH = 40;
export const SWEEP_SEND_GAP_MS = 1_000;
/** The Worker's sweep runs every five minutes, so it may take on more in one run. */
export const WORKER_SWEEP_BATCH = 200;
/** How often the Node server sweeps. */
const SWEEP_EVERY_MS = 60_000;

export interface SweepResult {
  /** Sign-ups finished: mailed, recorded as failed, or needing no mail. */
  handled: number;
  /** Sign-ups put off to a later attempt by a failed send. */
  retrying: number;
  /** Sign-ups whose handling threw; their rows stay for the next sweep. */
  failed: number;
  /** Rows dropped after their attempts ran out without ever finishing (a crash each time). */
  givenUp: number;
}

/** Mails one due sign-up and records it, or puts it off when the send is worth retrying. */
export async function deliverDueSignUp(
  deps: AppDeps,
  id: string,
  requestId?: string,
): Promise<DeliveryResult | null> {
  const delivery = await deliverSignUp({
    ctx: domainContext(deps),
    input: { id, defaultBrand: deps.config.brand },
  });
  if (delivery?.outcome === 'retry_scheduled') {
    // A refused key needs the operator, so it is an error; an outage passes by itself.
    const refusedKey = isRefusedKey(delivery.error);
    deps.logger[refusedKey ? 'error' : 'warn'](
      refusedKey
        ? 'the mail service refuses the API key; the confirmation mail is tried again later'
        : 'confirmation mail failed; it is tried again later',
      {
        requestId,
        attempt: delivery.attempt,
        retryInMs: delivery.retryInMs,
        ...failureFields(delivery.error),
      },
    );
  } else if (delivery?.outcome === 'mail_failed') {
    // The sign-up is kept as pending, with the note in its trail entry; a new sign-up resends.
    deps.logger.error(
      delivery.gaveUp
        ? 'confirmation mail given up after its last attempt'
        : 'confirmation mail refused by the mail service; not retried',
      { requestId, attempt: delivery.attempt, ...failureFields(delivery.error) },
    );
  }
  return delivery;
}

/** Waits `ms`, or less when the signal ends the sweep first. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

function failureFields(err: unknown) {
  return {
    status: err instanceof MailSendError ? err.status : null,
    code: err instanceof MailSendError ? err.code : err instanceof Error ? err.name : 'unknown',
    retryAfterMs: err instanceof MailSendError ? err.retryAfterMs : null,
  };
}

export interface SweepOptions {
  batch?: number;
  gapMs?: number;
  /** Ends the sweep between two sends (a stopping server does not wait out the whole batch). */
  signal?: AbortSignal;
}

/**
 * Takes on the sign-ups that are due: left behind, or waiting for their next attempt. Sends
 * one at a time, `gapMs` apart, and stops at the first send that fails in a way worth
 * retrying: the provider is down or throttling, and the rest keep their attempts for later.
 */
export async function sweepSignUps(
  deps: AppDeps,
  { batch = SWEEP_BATCH, gapMs = SWEEP_SEND_GAP_MS, signal }: SweepOptions = {},
): Promise<SweepResult> {
  const ctx = domainContext(deps);
  const result: SweepResult = { handled: 0, retrying: 0, failed: 0, givenUp: 0 };
  let lastSend = Number.NEGATIVE_INFINITY;
  for (const id of await overdueSignUps({ ctx, input: { limit: batch } })) {
    await pause(lastSend + gapMs - Date.now(), signal);
    if (signal?.aborted) break;
    let delivery: DeliveryResult | null = null;
    try {
      delivery = await deliverDueSignUp(deps, id);
    } catch (err) {
      result.failed += 1;
      deps.logger.error('a sign-up left behind could not be handled; the sweep tries again', {
        error: describeError(err),
      });
      continue;
    }
    if (!delivery) continue;
    if (delivery.outcome === 'mailed' || delivery.outcome === 'mail_failed') lastSend = Date.now();
    if (delivery.outcome !== 'retry_scheduled') {
      result.handled += 1;
      continue;
    }
    result.retrying += 1;
    break;
  }
  result.givenUp = await giveUpSignUps({ ctx, input: undefined });
  if (result.givenUp > 0)
    deps.logger.error('sign-ups given up after repeated failures', { count: result.givenUp });
  if (result.handled > 0) deps.logger.info('sign-ups left behind were handled', { count: result.handled });
  return result;
}

/**
 * Sweeps at start (what a crash left) and then every minute, in a long-running Node process.
 * Each sweep is deferred work, so a stopping server waits for it before closing the database;
 * a sweep still sending when the next is due lets it pass, so two never add up their rates.
 * Returns a function that stops the timer and ends a running sweep after its current send.
 */
export function startSignUpSweep(deps: AppDeps, opts: Omit<SweepOptions, 'signal'> = {}): () => void {
  const stopping = new AbortController();
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    deps.defer('sign-up sweep', async () => {
      try {
        await sweepSignUps(deps, { ...opts, signal: stopping.signal });
      } finally {
        running = false;
      }
    });
  };
  const stopTimer = repeatJob(run, { firstAfterMs: 0, everyMs: SWEEP_EVERY_MS });
  return () => {
    stopTimer();
    stopping.abort();
  };
}
