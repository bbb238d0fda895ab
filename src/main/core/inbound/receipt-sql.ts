/**
 * How a sent row reads its delivery: one SQL expression shared by history, job results and the
 * statistics, so every screen says the same. `r` is job_rows, `j` jobs, `x` the LEFT JOINed
 * receipt; `@expiredBefore` is now minus Tencent's 7-day horizon.
 */

/** Tencent keeps receipts this long; a row older than this without one never gets it. */
export const RECEIPT_HORIZON_MS = 7 * 24 * 3600_000;

export type DeliveryState = 'delivered' | 'failed' | 'waiting' | 'expired';

export const RECEIPT_JOIN =
  'LEFT JOIN receipts x ON x.sdk_app_id = j.sdk_app_id AND x.serial_no = r.serial_no';

/** NULL for rows that were not sent (nothing to deliver). */
export const DELIVERY_EXPR = `CASE
  WHEN r.state <> 'sent' THEN NULL
  WHEN x.delivered = 1 THEN 'delivered'
  WHEN x.delivered = 0 THEN 'failed'
  WHEN COALESCE(r.sent_at, r.attempted_at, r.updated_at) < @expiredBefore THEN 'expired'
  ELSE 'waiting' END`;
