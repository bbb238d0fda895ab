import type { JobSummary, RowState } from '../../../../shared/api/outbox';

/** One colour per row state, on every screen that shows one. */
export const ROW_STATE_COLOR: Record<RowState, string> = {
  pending: 'default',
  held: 'orange',
  sending: 'processing',
  sent: 'green',
  failed: 'red',
  unknown: 'gold',
  skipped: 'default',
  cancelled: 'default',
};

/** Rows that need nothing more from the engine. */
export function settledCount(counts: Record<RowState, number>): number {
  return counts.sent + counts.failed + counts.unknown + counts.skipped + counts.cancelled;
}

/** The job's status in the user's words; a crash shows as 已中断, not as a user pause. */
export function jobStatusKey(job: Pick<JobSummary, 'status' | 'pausedReason'>): string {
  if (job.status === 'scheduled') return 'schedule.status.scheduled';
  if (job.status === 'paused') return `batch.status.paused_${job.pausedReason ?? 'user'}`;
  return `batch.status.${job.status}`;
}

export function jobStatusColor(job: Pick<JobSummary, 'status' | 'pausedReason'>): string {
  switch (job.status) {
    case 'running':
      return 'processing';
    case 'paused':
      return job.pausedReason === 'user' ? 'default' : 'orange';
    case 'finished':
      return 'green';
    case 'cancelled':
      return 'default';
    default:
      return 'blue';
  }
}
