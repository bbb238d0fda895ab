import type { WorkerContext } from '../kernel/worker-protocol';
import type { Db } from '../store/db';

/** Asia/Shanghai day number of a time: days since 1970-01-01 in UTC+8. */
export const DAY_SQL =
  '((COALESCE(r.sent_at, r.attempted_at, r.updated_at) + 28800000) / 86400000)';

/** Mainland numbers all price alike; a foreign number keeps its first 4 digits for pricing. */
const CC_SQL = "CASE WHEN r.phone LIKE '+86%' THEN '86' ELSE substr(r.phone, 2, 4) END";

/** Rolled-up jobs saved per transaction (one sync each). */
const JOBS_PER_COMMIT = 100;

/** Only rows that reached a verdict count in statistics. */
const COUNTED = "('sent', 'failed')";

export interface RollupRow {
  day: number;
  job_id: number;
  state: string;
  code: string;
  cc: string;
  n: number;
  fee: number;
}

/**
 * Per-job rollup of sends by day, state, code and destination. A job is rolled up once it is
 * finished or cancelled (again if its status or update time changes later, e.g. reconciled);
 * running and paused jobs are read live from their rows. Each is a primary-key scan of one job.
 * Over many rows (an upgrade's thousand jobs, a paused million-row job) `refresh` runs in a
 * worker thread (`usageWorkerTasks`).
 */
export class UsageRollup {
  constructor(private readonly db: Db) {}

  private liveSql = `SELECT ${DAY_SQL} AS day, r.job_id, r.state, COALESCE(r.code, '') AS code,
      ${CC_SQL} AS cc, COUNT(*) AS n, COALESCE(SUM(r.fee), 0) AS fee
    FROM job_rows r WHERE r.job_id = ? AND r.state IN ${COUNTED}
    GROUP BY 1, 3, 4, 5`;

  private staleWhere = `FROM jobs j LEFT JOIN usage_rollup_jobs u ON u.job_id = j.id
    WHERE j.started_at IS NOT NULL AND (u.stamp IS NULL OR u.stamp <> j.status || ':' || j.updated_at)`;

  /** Jobs whose rollup is missing or stale, and jobs that still change. */
  private stale(): { id: number; stamp: string; done: boolean }[] {
    return this.db
      .prepare(
        `SELECT j.id, j.status || ':' || j.updated_at AS stamp,
            j.status IN ('finished', 'cancelled') AS done ${this.staleWhere}`,
      )
      .all() as { id: number; stamp: string; done: boolean }[];
  }

  /** How many rows the next `refresh` reads: it decides whether the work goes to a worker. */
  staleRows(): number {
    return (
      this.db.prepare(`SELECT COALESCE(SUM(j.total), 0) AS n ${this.staleWhere}`).get() as {
        n: number;
      }
    ).n;
  }

  /** Rolls up every ended job not yet rolled; returns the rows of jobs still running. */
  refresh(): RollupRow[] {
    const live: RollupRow[] = [];
    const perJob = this.db.prepare(this.liveSql);
    const del = this.db.prepare('DELETE FROM usage_rollup WHERE job_id = ?');
    const ins = this.db.prepare(
      'INSERT INTO usage_rollup (job_id, day, state, code, cc, n, fee) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const mark = this.db.prepare(
      'INSERT INTO usage_rollup_jobs (job_id, stamp) VALUES (?, ?) ON CONFLICT(job_id) DO UPDATE SET stamp = excluded.stamp',
    );
    let ended: { id: number; stamp: string; rows: RollupRow[] }[] = [];
    // Jobs are read outside any write transaction and saved a hundred at a time: a worker
    // rolling up a thousand jobs must not hold the write lock (and the main thread's journal
    // commits behind it) for the whole second, nor sync once per job. A stamp is read before
    // its rows, so a job that changes meanwhile is only marked older than it is: rolled again.
    const save = this.db.transaction(() => {
      for (const job of ended) {
        del.run(job.id);
        for (const r of job.rows) ins.run(job.id, r.day, r.state, r.code, r.cc, r.n, r.fee);
        mark.run(job.id, job.stamp);
      }
    });
    for (const job of this.stale()) {
      const rows = perJob.all(job.id) as RollupRow[];
      if (!job.done) {
        live.push(...rows);
        continue;
      }
      ended.push({ id: job.id, stamp: job.stamp, rows });
      if (ended.length >= JOBS_PER_COMMIT) {
        save();
        ended = [];
      }
    }
    if (ended.length > 0) save();
    return live;
  }

  /** Rolled-up rows for days in [fromDay, toDay). */
  read(fromDay: number, toDay: number): RollupRow[] {
    return this.db
      .prepare(
        'SELECT day, job_id, state, code, cc, n, fee FROM usage_rollup WHERE day >= ? AND day < ?',
      )
      .all(fromDay, toDay) as RollupRow[];
  }
}

/** The statistics' heavy part, run in a worker thread with its own connection. */
export const usageWorkerTasks = {
  'usage.rollup': (_input: null, ctx: WorkerContext): RollupRow[] =>
    new UsageRollup(ctx.db).refresh(),
};
