/** `job.plan`: what starting a job now would do (requests, segments, held rows), sending nothing. */
import type { JobPlan } from '../../../shared/api/outbox';
import { billedSegments } from '../../../shared/segments';
import { LOCAL_CODES } from '../../../shared/tencent-errors';
import type { LedgerScope, LedgerService } from '../ledger';
import type { Db } from '../store/db';
import { groupRequests } from './plan';
import { marketingQuietUntil } from './quiet-hours';
import type { JobRecord } from './repo';

/** Items listed per warning; the counts cover every row. */
const LISTED = 200;

/** Call with the journal folded: it reads the job's rows. */
export function planJob(
  db: Db,
  ledger: LedgerService,
  job: JobRecord,
  scope: LedgerScope,
  now: number,
): JobPlan {
  const rows = db
    .prepare(
      `SELECT row_no AS rowNo, phone, params, rendered, recent_send_at AS recent FROM job_rows
       WHERE job_id = ? AND state IN ('pending', 'held') ORDER BY row_no`,
    )
    .all(job.id) as {
    rowNo: number;
    phone: string;
    params: string;
    rendered: string;
    recent: number | null;
  }[];
  let segments = 0;
  for (const r of rows) {
    segments += billedSegments(r.rendered, { international: !r.phone.startsWith('+86') });
  }
  const allowed = ledger.heldAmong(
    scope,
    rows.map((r) => r.phone),
    now,
  );
  const held = rows
    .filter((r) => allowed.has(r.phone))
    .map((r) => ({ rowNo: r.rowNo, phone: r.phone, allowedAt: allowed.get(r.phone)! }))
    .sort((a, b) => a.allowedAt - b.allowedAt || a.rowNo - b.rowNo);
  const dups = rows
    .filter((r) => r.recent !== null)
    .map((r) => ({ rowNo: r.rowNo, phone: r.phone, at: r.recent! }));
  const quiet = job.options.marketing ? marketingQuietUntil(now) : null;
  const optedOut = db
    .prepare(
      `SELECT row_no AS rowNo, phone FROM job_rows
       WHERE job_id = ? AND state = 'skipped' AND code = ? ORDER BY row_no`,
    )
    .all(job.id, LOCAL_CODES.optedOut) as { rowNo: number; phone: string }[];
  return {
    jobId: job.id,
    rows: rows.length,
    requests: groupRequests(rows).length,
    billedSegments: segments,
    held: { count: held.length, items: held.slice(0, LISTED) },
    recentDuplicates: { count: dups.length, items: dups.slice(0, LISTED) },
    quietHours: { active: quiet !== null, resumesAt: quiet },
    optedOut: { count: optedOut.length, items: optedOut.slice(0, LISTED) },
  };
}
