import type { Db } from '../store/db';

/**
 * What the outbox is doing, as far as restarting the app for an update is concerned. Read-only
 * and straight from the tables, so the updater needs nothing from the outbox service itself.
 */
export interface UpdateBlockers {
  /** Running jobs with rows still to send now (pending, or in flight). */
  sendingJobs: number;
  /**
   * The earliest time a held row of a running job comes due (cooldown, quiet hours, retry), or a
   * scheduled job is due to start (one that missed its time waits for the user instead).
   */
  nextHeldAt: number | null;
  /** Paused jobs with rows whose fate is unknown until they are reconciled with Tencent. */
  pausedWithUnknown: number;
}

const SQL = `
  SELECT
    (SELECT COUNT(*) FROM jobs j
      WHERE j.status = 'running'
        AND (EXISTS (SELECT 1 FROM job_rows r
                      WHERE r.job_id = j.id AND r.state IN ('pending', 'sending'))
          OR EXISTS (SELECT 1 FROM send_journal s
                      WHERE s.job_id = j.id AND s.state = 'sending'))) AS sendingJobs,
    (SELECT MIN(t) FROM (
      SELECT MIN(r.not_before) AS t FROM jobs j JOIN job_rows r ON r.job_id = j.id
        WHERE j.status = 'running' AND r.state = 'held'
      UNION ALL
      SELECT MIN(scheduled_at) FROM jobs
        WHERE status = 'scheduled' AND schedule_missed_at IS NULL)) AS nextHeldAt,
    (SELECT COUNT(*) FROM jobs j
      WHERE j.status = 'paused'
        AND EXISTS (SELECT 1 FROM job_rows r
                     WHERE r.job_id = j.id AND r.state = 'unknown')) AS pausedWithUnknown
`;

export function readUpdateBlockers(db: Db): UpdateBlockers {
  const row = db.prepare(SQL).get() as UpdateBlockers;
  return {
    sendingJobs: row.sendingJobs,
    nextHeldAt: row.nextHeldAt,
    pausedWithUnknown: row.pausedWithUnknown,
  };
}
