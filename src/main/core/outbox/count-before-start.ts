import { IN_PROCESS_ROWS } from '../kernel/worker-run';
import type { JobRunners } from './job-runners';
import type { JobRecord, JobTally } from './repo';

/**
 * A long job's rows, counted in turns before it starts: a paused million-row job's one count
 * held the main thread ~0.35 s as it resumed. Only once its runner has drained: answers still
 * landing would move rows between slices. Answers a function that gives the tally at the
 * moment the runner starts, or undefined if rows changed meanwhile (a retry, a reconcile, held
 * numbers given up) or the job started: the runner must then count for itself, or it could
 * wait forever for rows that moved. Null for a job short enough to count at once.
 */
export async function countBeforeStart(
  runners: Pick<JobRunners, 'get' | 'rowsGeneration'>,
  job: JobRecord,
  countInTurns: (job: JobRecord) => Promise<JobTally>,
): Promise<(() => JobTally | undefined) | null> {
  if (job.total <= IN_PROCESS_ROWS) return null;
  const before = runners.get(job.id);
  if (before?.isActive) return null;
  await before?.drained();
  const generation = runners.rowsGeneration(job.id);
  const tally = await countInTurns(job);
  return () => {
    const runner = runners.get(job.id);
    const idle = runner === before && !runner?.isActive;
    return idle && runners.rowsGeneration(job.id) === generation ? tally : undefined;
  };
}
