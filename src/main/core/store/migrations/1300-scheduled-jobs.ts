import type { Database } from 'better-sqlite3';

/**
 * Scheduled sends: a job may wait in status `scheduled` until `scheduled_at`. `schedule_missed_at`
 * marks a job whose time passed while the app was closed (beyond the grace window): it is then
 * offered to the user, never sent silently.
 */
// Typed by shape, not through './index': the index imports every migration.
export const m1300ScheduledJobs: { id: string; up(db: Database): void } = {
  id: '1300-scheduled-jobs',
  up(db) {
    db.exec(`
      ALTER TABLE jobs ADD COLUMN scheduled_at INTEGER;
      ALTER TABLE jobs ADD COLUMN schedule_missed_at INTEGER;
      CREATE INDEX jobs_scheduled ON jobs (scheduled_at) WHERE status = 'scheduled';
    `);
  },
};
