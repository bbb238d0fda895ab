import type { Migration } from './migration';

/**
 * The send journal (core/outbox/journal.ts). One record per request names its rows before the
 * request leaves and, once Tencent accepted every number, holds the per-number results until
 * they are folded into `job_rows` and `ledger_sends` in bulk. Writing one small record per
 * request instead of rewriting every row twice is what keeps the send path fast.
 *
 * `ledger_sends_at` lets "who is cooling now" find the numbers sent to in the last 30 s
 * without a stored state row per send.
 */
export const m0700SendJournal: Migration = {
  id: '0700-send-journal',
  up(db) {
    db.exec(`
      CREATE TABLE send_journal (
        id INTEGER PRIMARY KEY,
        job_id INTEGER NOT NULL REFERENCES jobs (id),
        sdk_app_id TEXT NOT NULL,
        session_context TEXT NOT NULL,
        attempted_at INTEGER NOT NULL,
        -- The rows: exactly lo..hi, unless row_nos (a JSON array, ascending) lists them.
        lo INTEGER NOT NULL,
        hi INTEGER NOT NULL,
        row_nos TEXT,
        -- 1 once the rows themselves were rewritten as 'sending' (a reader settled, or the
        -- result needed per-row handling): folding must not count the attempt twice.
        marked INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL CHECK (state IN ('sending', 'sent')),
        code TEXT,
        message TEXT,
        request_id TEXT,
        -- JSON arrays in row order, when 'sent'.
        serials TEXT,
        fees TEXT,
        done_at INTEGER
      ) STRICT;
      CREATE INDEX ledger_sends_at ON ledger_sends (sdk_app_id, sent_at);
    `);
  },
};
