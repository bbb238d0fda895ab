import type { Database } from 'better-sqlite3';

/**
 * What comes back after a send, and who must not be sent to (core/inbound, core/optout).
 * `receipts` is keyed by Tencent's serial number, so a receipt pulled twice (queue, then a
 * by-number backfill) is stored once, and one whose serial no row knows is kept as well
 * (sends made elsewhere with the same account). Rows find their receipt by `serial_no`
 * (indexed by 0400). `optout` is per account (SdkAppId); practice mode has its own app id.
 */
// Typed by shape, not through './index': the index imports every migration.
export const m1100Inbound: { id: string; up(db: Database): void } = {
  id: '1100-inbound',
  up(db) {
    db.exec(`
      CREATE TABLE receipts (
        sdk_app_id TEXT NOT NULL,
        serial_no TEXT NOT NULL,
        phone TEXT NOT NULL,
        session_context TEXT NOT NULL,
        delivered INTEGER NOT NULL,
        report_status TEXT NOT NULL,
        description TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        pulled_at INTEGER NOT NULL,
        PRIMARY KEY (sdk_app_id, serial_no)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX receipts_received ON receipts (sdk_app_id, received_at);

      CREATE TABLE replies (
        id INTEGER PRIMARY KEY,
        sdk_app_id TEXT NOT NULL,
        phone TEXT NOT NULL,
        text TEXT NOT NULL,
        sign TEXT NOT NULL,
        extend_code TEXT NOT NULL,
        replied_at INTEGER NOT NULL,
        pulled_at INTEGER NOT NULL,
        opt_out INTEGER NOT NULL DEFAULT 0,
        UNIQUE (sdk_app_id, phone, replied_at, text)
      ) STRICT;
      CREATE INDEX replies_time ON replies (sdk_app_id, replied_at);

      CREATE TABLE optout (
        sdk_app_id TEXT NOT NULL,
        phone TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('reply', 'refusal', 'manual', 'import')),
        note TEXT NOT NULL DEFAULT '',
        added_at INTEGER NOT NULL,
        PRIMARY KEY (sdk_app_id, phone)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX optout_added ON optout (sdk_app_id, added_at);
    `);
  },
};
