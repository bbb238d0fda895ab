/** `job.create`: a job and its rows in one transaction, idempotent by the caller's key. */
import type { JobRowInput, JobCreateInput } from '../../../shared/api/outbox';
import { AppError } from '../../../shared/errors';
import { renderTemplate, renderedMessage } from '../../../shared/template';
import { contentKeyOf } from '../ledger';
import type { Db } from '../store/db';
import { paramsJson } from './plan';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Inserts the job as a draft with its rows (streamed from `rows`, never held as one array: a
 * million-row batch must not need a million objects at once) and marks rows that repeat a send
 * of the last 24 h. Returns the existing job's id when a second click got there first.
 */
export function insertJob(
  db: Db,
  input: JobCreateInput,
  rows: Iterable<JobRowInput>,
  sdkAppId: string,
  now: number,
  existing: () => { id: number } | undefined,
): { id: number; created: boolean } {
  const sign = input.signName;
  return db.transaction(() => {
    // A second click may have created it while the caller awaited the gateway.
    const again = existing();
    if (again) return { id: again.id, created: false };
    const jobId = Number(
      db
        .prepare(
          `INSERT INTO jobs (idempotency_key, kind, sdk_app_id, template_id, template_content,
             template_kind, sign_name, options, status, total, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)`,
        )
        .run(
          input.idempotencyKey,
          input.kind,
          sdkAppId,
          input.templateId,
          input.templateContent,
          input.templateKind,
          sign ?? null,
          JSON.stringify(input.options),
          0,
          now,
          now,
        ).lastInsertRowid,
    );
    // Rows are born `pending`; every later change of state goes through row-states.ts.
    const insert = db.prepare(
      `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, updated_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
    );
    const seen = new Set<number>();
    for (const r of rows) {
      if (seen.has(r.rowNo)) {
        // Throwing inside the transaction rolls the half-made job back.
        throw new AppError('job_duplicate_row', 'outbox.errors.duplicateRowNo', { rowNo: r.rowNo });
      }
      seen.add(r.rowNo);
      const text = renderedMessage(sign, renderTemplate(input.templateContent, r.params));
      insert.run(jobId, r.rowNo, r.phone, paramsJson(r.params), text, now);
    }
    if (seen.size === 0) throw new AppError('job_empty', 'outbox.errors.empty');
    db.prepare('UPDATE jobs SET total = ? WHERE id = ?').run(seen.size, jobId);
    // Re-send guard: same number, template and params sent in the last 24 h.
    db.prepare(
      `UPDATE job_rows SET recent_send_at = (
         SELECT MAX(l.sent_at) FROM ledger_sends l
         WHERE l.sdk_app_id = ? AND l.phone = job_rows.phone AND l.sent_at >= ?
           AND l.content_key = ? || job_rows.params)
       WHERE job_id = ?`,
    ).run(sdkAppId, now - DAY, contentKeyOf(input.templateId, ''), jobId);
    return { id: jobId, created: true };
  })();
}
