// Console imports run in the server process after the upload's answer (deps.defer), so the
// page can show their progress. Their state lives here, in memory: the progress, the summary
// and the rejected rows (which hold addresses), kept for an hour after the import ends and at
// most for the last 10 imports. On a Worker, isolates share no memory: use the command line.
import { randomId } from '../../../crypto/random';
import type { ImportProgress, ImportSummary } from '../../../domain/import';

export interface ImportJob {
  id: string;
  topic: string;
  fileName: string;
  /** Bytes read of the file so far, of `size`. */
  size: number;
  startedAt: Date;
  progress: ImportProgress;
  summary?: ImportSummary;
  /** What stopped the import, in words for staff (an unknown topic, a bad file). */
  failure?: string;
  endedAt?: Date;
  /** The rejects file, `line,email,reason` lines. */
  rejects: string[];
}

const KEEP_MS = 60 * 60_000;
const KEEP_JOBS = 10;

export function createImportJobs(now: () => Date) {
  const jobs = new Map<string, ImportJob>();
  const prune = () => {
    const cutoff = now().getTime() - KEEP_MS;
    for (const [id, job] of jobs) if (job.endedAt && job.endedAt.getTime() < cutoff) jobs.delete(id);
    while (jobs.size > KEEP_JOBS) jobs.delete(jobs.keys().next().value as string);
  };
  return {
    start(topic: string, fileName: string, size: number): ImportJob {
      prune();
      const job: ImportJob = {
        id: randomId('imp_', 9),
        topic,
        fileName,
        size,
        startedAt: now(),
        progress: { rows: 0, subscribed: 0, unchanged: 0, rejected: 0 },
        rejects: [],
      };
      jobs.set(job.id, job);
      return job;
    },
    get(id: string): ImportJob | undefined {
      prune();
      return jobs.get(id);
    },
  };
}

export type ImportJobs = ReturnType<typeof createImportJobs>;
