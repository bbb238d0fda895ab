import type { Database } from 'better-sqlite3';

/**
 * Usage: the packages last read from Tencent (with when), and a per-job rollup of sends for the
 * statistics page. The rollup is written once a job ends, from the job's own rows (a primary
 * key scan), so the send path gains no trigger and no index; a query over a million history
 * rows then reads only a few rows per job and day.
 */
// Typed by shape, not through './index': the index imports every migration.
export const m1200Usage: { id: string; up(db: Database): void } = {
  id: '1200-usage',
  up(db) {
    db.exec(`
      CREATE TABLE usage_packages (
        sdk_app_id TEXT NOT NULL,
        package_id INTEGER NOT NULL,
        type TEXT NOT NULL,
        amount INTEGER NOT NULL,
        used INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        effective_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (sdk_app_id, package_id)
      ) STRICT;
      CREATE TABLE usage_package_reads (
        sdk_app_id TEXT PRIMARY KEY,
        read_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE usage_rollup (
        job_id INTEGER NOT NULL,
        -- Asia/Shanghai day number: (ms + 8 h) / 86 400 000.
        day INTEGER NOT NULL,
        state TEXT NOT NULL,
        code TEXT NOT NULL,
        -- Calling code ('86' for mainland) or the first digits of a foreign number.
        cc TEXT NOT NULL,
        n INTEGER NOT NULL,
        fee INTEGER NOT NULL,
        PRIMARY KEY (day, job_id, state, code, cc)
      ) STRICT;
      CREATE TABLE usage_rollup_jobs (
        job_id INTEGER PRIMARY KEY,
        -- jobs.status and jobs.updated_at when rolled up: a later change rolls the job again.
        stamp TEXT NOT NULL
      ) STRICT;
    `);
  },
};
