/** Crash recovery at start-up: what the journal and the rows say after the process died. */
import { LOCAL_CODES } from '../../../shared/tencent-errors';
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db';
import { SettingsRepo } from '../store/settings';
import type { SendJournal } from './journal';
import type { LeavingMarks } from './leaving-marks';
import type { JournalReadModel } from './read-model';
import type { RowStates } from './row-states';

const DAY = 24 * 60 * 60 * 1000;
/** The settings key naming the recovery that started the current leaving-marks file. */
const LEAVING_SESSION = 'outbox.leavingSession';
/** Unknown rows older than this are past Tencent's records: not reconciled on their own. */
const RECONCILE_WITHIN_MS = 7 * DAY;

/**
 * Rows journaled as `sending` may or may not have left, so they become `unknown`; running jobs
 * come back paused as interrupted. Exception: when the leaving marks of the process that wrote
 * the journal can be trusted (same boot, see leaving-marks.ts), a request without a mark never
 * left, and its record is withdrawn: its rows are pending again. Returns the figures and the
 * jobs with unknown rows to reconcile. Nothing is re-sent here.
 */
export function recoverAfterCrash(
  db: Db,
  parts: {
    journal: SendJournal;
    reads: JournalReadModel;
    rowStates: RowStates;
    marks: LeavingMarks;
  },
  now: number,
): { unknownRows: number; interruptedJobs: number; neverLeft: number; toReconcile: number[] } {
  const settings = new SettingsRepo(db);
  const left = parts.marks.readLeft(settings.get<string>(LEAVING_SESSION));
  // Names the marks file started below, so only this database's next recovery trusts it.
  const session = randomUUID();
  const figures = db.transaction(() => {
    const neverLeft = left.trusted ? parts.journal.abandonUnmarked((e) => left.has(e)) : 0;
    // Answered requests fold into their rows; rows of requests that were in flight are
    // rewritten as `sending`, and so become `unknown` below.
    parts.reads.foldJournal();
    parts.journal.dropAll();
    const unknownRows = parts.rowStates.everySendingUnknown(LOCAL_CODES.interrupted, now);
    const interruptedJobs = db
      .prepare(
        `UPDATE jobs SET status = 'paused', paused_reason = 'interrupted', updated_at = ?
         WHERE status = 'running'`,
      )
      .run(now).changes;
    settings.set(LEAVING_SESSION, session);
    return { unknownRows, interruptedJobs, neverLeft };
  })();
  // The journal is settled (committed in full): its marks are no longer needed.
  parts.marks.reset(session);
  const jobs = db
    .prepare(
      `SELECT DISTINCT job_id AS id FROM job_rows
       WHERE state = 'unknown' AND reconciled_at IS NULL AND attempted_at >= ?`,
    )
    .all(now - RECONCILE_WITHIN_MS) as { id: number }[];
  return { ...figures, toReconcile: jobs.map((j) => j.id) };
}
