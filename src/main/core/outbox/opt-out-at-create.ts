import { IN_PROCESS_ROWS } from '../kernel/worker-run';
import type { JobRecord } from './repo';
import type { RowPositions } from './row-positions';
import type { RowStates } from './row-states';

/** Rows looked up in the do-not-send list per turn (a few milliseconds). */
export const OPT_OUT_SLICE_ROWS = 8_192;

/**
 * A new job's rows whose number is on the do-not-send list become `skipped` before its
 * pre-flight. A long job is marked slice by slice of its row positions, a turn of the event loop
 * between: one UPDATE over a job made from a million-row list held the main thread ~0.2 s, even
 * with an empty list. Nothing else writes to a draft whose creation has not answered yet, and
 * the planner checks the list again before each send, so a crash between slices sends nothing
 * it should not. Answers the rows skipped.
 */
export async function skipOptedOutAtCreate(
  parts: { rowStates: RowStates; positions: RowPositions },
  job: Pick<JobRecord, 'id' | 'sdkAppId' | 'total'>,
  now: number,
  sliceRows = OPT_OUT_SLICE_ROWS,
): Promise<number> {
  if (job.total <= Math.min(IN_PROCESS_ROWS, sliceRows))
    return parts.rowStates.optedOutAtCreate(job.id, job.sdkAppId, now);
  let skipped = 0;
  await parts.positions.eachSlice(job.id, sliceRows, (lo, hi) => {
    skipped += parts.rowStates.optedOutAtCreate(job.id, job.sdkAppId, now, lo, hi);
  });
  return skipped;
}
