import type { Migration } from './migration';

/**
 * The per-number frequency ledger. `ledger_sends` is the append-only record of accepted sends
 * (the cooldown math reads its recent rows); `ledger_blocks` holds Tencent's limit answers;
 * `ledger_state` caches each number's latest `allowed_at` so "who is cooling now" is one
 * indexed range scan instead of a recomputation over every number ever sent to.
 */
export const m0300Ledger: Migration = {
  id: '0300-ledger',
  up(db) {
    db.exec(`
      CREATE TABLE ledger_sends (
        id INTEGER PRIMARY KEY,
        sdk_app_id TEXT NOT NULL,
        phone TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        -- templateId + params, for the re-send guard ("same content 2 h ago").
        content_key TEXT,
        job_id INTEGER,
        row_no INTEGER
      ) STRICT;
      CREATE INDEX ledger_sends_phone ON ledger_sends (sdk_app_id, phone, sent_at);

      CREATE TABLE ledger_blocks (
        id INTEGER PRIMARY KEY,
        sdk_app_id TEXT NOT NULL,
        phone TEXT NOT NULL,
        code TEXT NOT NULL,
        at INTEGER NOT NULL,
        until INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX ledger_blocks_phone ON ledger_blocks (sdk_app_id, phone, until);

      CREATE TABLE ledger_state (
        sdk_app_id TEXT NOT NULL,
        phone TEXT NOT NULL,
        allowed_at INTEGER NOT NULL,
        reason TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (sdk_app_id, phone)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX ledger_state_allowed ON ledger_state (sdk_app_id, allowed_at);
    `);
  },
};
