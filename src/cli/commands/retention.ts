// `mailprefs retention run`: the scheduled clean-up, on demand (or from a system cron when
// the Node server's timer is turned off).
import { runRetentionJob } from '../../jobs/retention';
import { type CliIO, formatCount, UsageError, write } from '../io';

export const retentionUsage = 'retention run';

export async function retentionCommand(args: string[], io: CliIO): Promise<void> {
  if (args.length !== 1 || args[0] !== 'run')
    throw new UsageError('the retention command is `retention run`');
  const result = await runRetentionJob(await io.deps());
  const { pendingDays, inactiveDays } = io.config.retention;
  await write(
    io.stdout,
    result.ran
      ? [
          `Retention run ${result.runId} finished.`,
          `  pending sign-ups older than ${pendingDays} days deleted: ${formatCount(result.pendingDeleted)}`,
          `  contacts inactive for ${inactiveDays} days deleted:      ${formatCount(result.inactiveDeleted)}`,
          '',
        ].join('\n')
      : 'Another retention run is in progress; nothing was done.\n',
  );
}
