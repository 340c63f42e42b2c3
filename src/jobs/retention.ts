// The scheduled retention job as both runtimes run it: the Workers `scheduled` handler, the
// Node server's timer and `mailprefs retention run` all call this, with the configured days.
// Logs counts only. It also ends the 30 days that outbound events' delivery records are kept.
import { describeError } from '../db/errors';
import { type AppDeps, domainContext } from '../deps';
import { canonicaliseStoredAddresses } from '../domain/canonical-addresses';
import { deleteActivityBefore } from '../domain/connectors';
import { DELIVERY_RECORD_DAYS, deleteOldDeliveryRecords } from '../domain/delivery-log';
import { type RetentionResult, runRetention } from '../domain/retention';
import { reportCanonicalAddresses } from './canonical-addresses';
import { repeatJob } from './repeat';

export async function runRetentionJob(deps: AppDeps): Promise<RetentionResult> {
  const ctx = domainContext(deps);
  // The Node server does this at start; a Worker has no start, so its daily cron does it.
  reportCanonicalAddresses(deps.logger, await canonicaliseStoredAddresses({ ctx }));
  const result = await runRetention({
    ctx,
    input: {
      pendingDays: deps.config.retention.pendingDays,
      inactiveDays: deps.config.retention.inactiveDays,
      softOptInMonths: deps.config.softOptInMonths,
    },
  });
  if (result.ran) {
    // Outbound events' delivery records (status and timing) are kept for 30 days.
    const deliveries = await deleteOldDeliveryRecords(deps.db, deps.clock.now());
    // So is the connectors' activity log.
    await deleteActivityBefore(
      deps.db,
      new Date(deps.clock.now().getTime() - DELIVERY_RECORD_DAYS * 86_400_000),
    );
    deps.logger.info('retention run finished', {
      runId: result.runId,
      pendingDeleted: result.pendingDeleted,
      inactiveDeleted: result.inactiveDeleted,
      hashesFilled: result.hashesFilled,
      deliveryAttemptsDeleted: deliveries.attemptsDeleted,
      eventsDeleted: deliveries.eventsDeleted,
    });
  } else {
    deps.logger.info('retention run skipped: another run holds the lease');
  }
  return result;
}

/**
 * Runs the job every `intervalMinutes` (0 = never) in a long-running Node process, first a
 * minute after start. Returns a function that stops it.
 */
export function startRetentionTimer(deps: Parameters<typeof runRetentionJob>[0]): () => void {
  const minutes = deps.config.retention.intervalMinutes;
  if (!minutes) return () => {};
  const run = () => {
    runRetentionJob(deps).catch((err) => {
      deps.logger.error('retention run failed', {
        error: describeError(err),
      });
    });
  };
  return repeatJob(run, { firstAfterMs: 60_000, everyMs: minutes * 60_000 });
}
