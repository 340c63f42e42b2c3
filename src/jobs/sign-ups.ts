// Confirmation mails of sign-ups, as both runtimes run them: right after the answer (the
// route defers `deliverDueSignUp`), and by the sweep for any sign-up a crash or a cut-off
// waitUntil left behind (the Node timer, and the Worker's crons). Logs outcomes, never addresses.
import { describeError } from '../db/errors';
import { type AppDeps, domainContext } from '../deps';
import { type DeliveryResult, deliverSignUp } from '../domain/sign-up-delivery';
import { giveUpSignUps, overdueSignUps } from '../domain/sign-ups-due';
import { MailSendError } from '../mail/transport';
import { repeatJob } from './repeat';

/** Sign-ups one sweep takes on: the mails of a crash's backlog, a few minutes' worth at most. */
const SWEEP_BATCH = 100;
/** How often the Node server sweeps. */
const SWEEP_EVERY_MS = 60_000;

/** Mails one due sign-up and records it. A mail that failed twice is reported, not retried. */
export async function deliverDueSignUp(
  deps: AppDeps,
  id: string,
  requestId?: string,
): Promise<DeliveryResult | null> {
  const delivery = await deliverSignUp({
    ctx: domainContext(deps),
    input: { id, defaultBrand: deps.config.brand },
  });
  if (delivery?.outcome !== 'mail_failed') return delivery;
  // The sign-up is kept as pending and a new sign-up resends.
  const err = delivery.error;
  deps.logger.error('confirmation mail failed after one retry', {
    requestId,
    status: err instanceof MailSendError ? err.status : null,
    code: err instanceof MailSendError ? err.code : err instanceof Error ? err.name : 'unknown',
  });
  return delivery;
}

/** Takes on the sign-ups whose task should have finished by now. Returns what it did. */
export async function sweepSignUps(
  deps: AppDeps,
): Promise<{ handled: number; failed: number; givenUp: number }> {
  const ctx = domainContext(deps);
  let handled = 0;
  let failed = 0;
  for (const id of await overdueSignUps({ ctx, input: { limit: SWEEP_BATCH } })) {
    try {
      if (await deliverDueSignUp(deps, id)) handled += 1;
    } catch (err) {
      failed += 1;
      deps.logger.error('a sign-up left behind could not be handled; the sweep tries again', {
        error: describeError(err),
      });
    }
  }
  const givenUp = await giveUpSignUps({ ctx, input: undefined });
  if (givenUp > 0) deps.logger.error('sign-ups given up after repeated failures', { count: givenUp });
  if (handled > 0) deps.logger.info('sign-ups left behind were handled', { count: handled });
  return { handled, failed, givenUp };
}

/**
 * Sweeps at start (what a crash left) and then every minute, in a long-running Node process.
 * Each sweep is deferred work, so a stopping server waits for it before closing the database.
 * Returns a function that stops the timer.
 */
export function startSignUpSweep(deps: AppDeps): () => void {
  const run = () => deps.defer('sign-up sweep', async () => void (await sweepSignUps(deps)));
  return repeatJob(run, { firstAfterMs: 0, everyMs: SWEEP_EVERY_MS });
}
