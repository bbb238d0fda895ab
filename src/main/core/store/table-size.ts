import type { Db } from './db';

/** Tables whose size decides whether a read runs here or in a worker thread. */
export type GrowingTable = 'job_rows' | 'ledger_sends';

/**
 * About how many rows a table holds: its highest rowid (rows are never renumbered, so this is
 * one step down the table's B-tree, not a count).
 */
export function rowsAbout(db: Db, table: GrowingTable): number {
  const r = db.prepare(`SELECT max(rowid) AS n FROM ${table}`).get() as { n: number | null };
  return r.n ?? 0;
}
