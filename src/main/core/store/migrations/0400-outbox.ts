import type { Migration } from './migration';

/**
 * Jobs and their rows: the outbox journal. A row is committed as `sending` before its request
 * leaves and gets its result in the transaction that also writes the ledger.
 */
export const m0400Outbox: Migration = {
  id: '0400-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        sdk_app_id TEXT NOT NULL,
        template_id TEXT NOT NULL,
        template_content TEXT NOT NULL,
        template_kind TEXT NOT NULL,
        sign_name TEXT,
        options TEXT NOT NULL,
        status TEXT NOT NULL,
        paused_reason TEXT,
        last_error_code TEXT,
        total INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX jobs_status ON jobs (status, id);

      CREATE TABLE job_rows (
        job_id INTEGER NOT NULL REFERENCES jobs (id),
        row_no INTEGER NOT NULL,
        phone TEXT NOT NULL,
        -- JSON array, canonical (JSON.stringify) so equal params group by string equality.
        params TEXT NOT NULL,
        rendered TEXT NOT NULL,
        state TEXT NOT NULL,
        held_reason TEXT,
        code TEXT,
        message TEXT,
        serial_no TEXT,
        fee INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before INTEGER,
        request_id TEXT,
        session_context TEXT,
        retry_safe INTEGER NOT NULL DEFAULT 0,
        attempted_at INTEGER,
        sent_at INTEGER,
        reconciled_at INTEGER,
        recent_send_at INTEGER,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (job_id, row_no)
      ) STRICT;
      -- Only held rows need an index by time (the wake timer); indexing every state change
      -- would cost two B-tree writes per row on the send path.
      CREATE INDEX job_rows_held ON job_rows (job_id, not_before) WHERE state = 'held';
      CREATE INDEX job_rows_serial ON job_rows (serial_no) WHERE serial_no IS NOT NULL;
    `);
  },
};
