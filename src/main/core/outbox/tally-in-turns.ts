import { emptyCounts, type JobTally, type OutboxRepo } from './repo';
import type { JournalReads } from './read-model';
import type { RowPositions } from './row-positions';
import type { RowState } from '../../../shared/api/outbox';

/** Rows counted per slice (a few milliseconds): a job up to this size is counted in one. */
export const TALLY_SLICE_ROWS = 16_384;

/**
 * A job's tally for a caller that can wait. The UI asks for a job's summary as soon as it
 * finishes: the journal's answers for a 100,000-row batch were then folded in one ~0.4 s
 * stretch, and a million rows were counted in one ~0.5 s GROUP BY, while every other call
 * waited. Here the journal is folded in turns and a long job is counted slice by slice through
 * its row positions, a turn of the event loop between. A slice is counted after a fold of
 * its own, as every reader of rows is.
 */
export async function tallyInTurns(
  parts: { repo: OutboxRepo; positions: RowPositions; reads: JournalReads },
  jobId: number,
  totalRows: number,
  sliceRows = TALLY_SLICE_ROWS,
): Promise<JobTally> {
  await parts.reads.foldInTurns?.();
  if (totalRows <= sliceRows) return parts.repo.tally(jobId);
  const sum: JobTally = { counts: emptyCounts(), feeTotal: 0, recentDuplicates: 0 };
  await parts.positions.eachSlice(jobId, sliceRows, (lo, hi) => {
    const part = parts.repo.tally(jobId, lo, hi);
    for (const state of Object.keys(sum.counts) as RowState[]) {
      sum.counts[state] += part.counts[state];
    }
    sum.feeTotal += part.feeTotal;
    sum.recentDuplicates += part.recentDuplicates;
  });
  return sum;
}
