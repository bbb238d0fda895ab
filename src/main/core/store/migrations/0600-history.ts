import type { Migration } from './migration';

/**
 * History lists the outbox journal newest first. The expression matches `HISTORY_AT` in
 * core/history/repo.ts exactly, so SQLite walks this index instead of sorting every row.
 */
export const m0600History: Migration = {
  id: '0600-history',
  up(db) {
    db.exec(`
      CREATE INDEX job_rows_history_at
        ON job_rows (COALESCE(sent_at, attempted_at, updated_at) DESC, job_id DESC, row_no DESC);
    `);
  },
};
