import type { Db } from '../store/db';
import type { JournalReads } from './read-model';
import type { RowPositions } from './row-positions';
import type { RowStates } from './row-states';

/** Rows looked at per transaction (a few milliseconds). */
export const RETRY_SLICE_ROWS = 4_096;

/**
 * 重试失败 on a long job: every failed row that is safe to send again becomes pending, slice
 * by slice of the job's row positions with a turn of the event loop between. Reading every
 * failed row of a million-row job and moving each with a statement of its own held the main
 * thread for a second. Each slice folds the send journal first, as every reader of rows does,
 * and is one transaction: a crash between slices leaves some rows pending and the rest failed,
 * both true. Answers the rows moved.
 */
export async function retryFailedInTurns(
  parts: { db: Db; rowStates: RowStates; positions: RowPositions; reads: JournalReads },
  jobId: number,
  now: number,
  sliceRows = RETRY_SLICE_ROWS,
): Promise<number> {
  let moved = 0;
  await parts.positions.eachSlice(jobId, sliceRows, (lo, hi) => {
    parts.reads.foldJournal();
    moved += parts.db.transaction(() => parts.rowStates.retrySafeToPendingIn(jobId, lo, hi, now))();
  });
  return moved;
}
