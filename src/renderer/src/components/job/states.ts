import type { JobStatus, JobSummary, RowState } from '../../../../shared/api/outbox';

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

/** Grey, for what was stopped on purpose: neither done (green) nor wrong (red). */
export const CANCELLED_COLOR = '#bfbfbf';

/**
 * A job that ended with rows cancelled: cancelled by the user, or finished after its last held
 * numbers were cancelled. It reads as cancelled, not as done.
 */
export function endedCancelled(status: JobStatus, counts: Record<RowState, number>): boolean {
  return status === 'cancelled' || (status === 'finished' && counts.cancelled > 0);
}

/**
 * How a job's bar looks. A cancelled job is grey and filled only as far as rows really went out
 * (sent, failed, unknown): its cancelled rows are settled but were never sent, so a cancelled job
 * never shows a full green bar.
 */
export function jobBar(
  status: JobStatus,
  counts: Record<RowState, number>,
  total: number,
): { percent: number; status: 'active' | 'success' | 'normal'; strokeColor?: string } {
  const cancelled = endedCancelled(status, counts);
  const done = cancelled ? counts.sent + counts.failed + counts.unknown : settledCount(counts);
  const percent = total > 0 ? Math.floor((done / total) * 1000) / 10 : cancelled ? 0 : 100;
  if (cancelled) return { percent, status: 'normal', strokeColor: CANCELLED_COLOR };
  return {
    percent,
    status: status === 'running' ? 'active' : status === 'finished' ? 'success' : 'normal',
  };
}

/**
 * When only held rows are left and they all wait for one moment (quiet hours, a cooldown), the
 * time they go: shown as 等待到 08:00 发送, not as a time left that reads 00:00.
 */
export function waitingUntil(
  status: JobStatus,
  counts: Record<RowState, number>,
  nextDueAt: number | null,
): number | null {
  if (status !== 'running' || nextDueAt === null) return null;
  return counts.held > 0 && counts.pending === 0 && counts.sending === 0 ? nextDueAt : null;
}
