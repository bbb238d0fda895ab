import type { Db } from '../../../src/main/core/store/db';

/** The n-th number of a generated list: +86139 followed by eight digits. */
export const listedPhone = (i: number): string => `+86139${String(i).padStart(8, '0')}`;

/**
 * Puts `n` numbers (listedPhone(0..n-1)) on an account's do-not-send list in one statement: a
 * recursive CTE feeding INSERT … SELECT, so a million rows take seconds, not minutes.
 */
export function fillOptOut(db: Db, sdkAppId: string, n: number, at: number): void {
  db.exec('PRAGMA cache_size = -200000');
  db.prepare(
    `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ?)
     INSERT OR IGNORE INTO optout (sdk_app_id, phone, source, note, added_at)
     SELECT ?, '+86139' || printf('%08d', i), 'import', '', ? FROM seq`,
  ).run(n, sdkAppId, at);
}
