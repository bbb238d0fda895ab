import { IN_PROCESS_ROWS } from '../kernel/worker-run';
import type { JobRunners } from './job-runners';
import type { JobRecord, JobTally } from './repo';

/**
 * A long job's rows, counted in turns before it starts: a paused million-row job's one count
 * held the main thread ~0.35 s as it resumed. Answers a function that gives the tally at the
 * moment the runner starts, or undefined if rows moved meanwhile — outside the runner (a retry,
 * a reconcile, held numbers given up) or by it (answers of a quick pause still landing) — or
 * the job started: the runner must then count for itself, or it could wait forever for rows
 * that moved. Not waiting for the runner to drain: that could wait on a disk that does not
 * answer. Null for a job short enough to count at once.
 */
export async function countBeforeStart(
  runners: Pick<JobRunners, 'get' | 'rowsGeneration'>,
  job: JobRecord,
  countInTurns: (job: JobRecord) => Promise<JobTally>,
): Promise<(() => JobTally | undefined) | null> {
  if (job.total <= IN_PROCESS_ROWS) return null;
  const before = runners.get(job.id);
  if (before?.isActive) return null;
  const generation = runners.rowsGeneration(job.id);
  const moves = before?.rowMoves;
  const tally = await countInTurns(job);
  return () => {
    const runner = runners.get(job.id);
    const idle = runner === before && !runner?.isActive && runner?.rowMoves === moves;
    return idle && runners.rowsGeneration(job.id) === generation ? tally : undefined;
  };
}
