import type { Migration } from './index';

/**
 * Imported customer lists, saved as soon as parsed so a batch prepared tonight survives a
 * restart. Rows are keyed (import, seq) without a rowid: seq is the 0-based data-row index, so
 * the "all" page is a primary-key range. Only flagged rows (problem, duplicate, same phone)
 * are in the secondary index, which keeps a million-row insert cheap.
 */
export const m0500Imports: Migration = {
  id: '0500-imports',
  up(db) {
    db.exec(`
      CREATE TABLE imports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        file_name TEXT NOT NULL,
        path TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        kind TEXT NOT NULL,
        encoding TEXT,
        delimiter TEXT,
        header_row INTEGER NOT NULL,
        sheet TEXT,
        columns TEXT NOT NULL,
        template_id TEXT,
        mapping TEXT NOT NULL,
        international INTEGER NOT NULL,
        state TEXT NOT NULL,
        total INTEGER NOT NULL DEFAULT 0,
        valid INTEGER NOT NULL DEFAULT 0,
        problems INTEGER NOT NULL DEFAULT 0,
        duplicates_removed INTEGER NOT NULL DEFAULT 0,
        same_phone INTEGER NOT NULL DEFAULT 0,
        distinct_phones INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE import_rows (
        import_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        row_no INTEGER NOT NULL,
        cells TEXT NOT NULL,
        phone TEXT,
        params TEXT NOT NULL,
        status INTEGER NOT NULL,
        issues TEXT,
        dup_of INTEGER,
        PRIMARY KEY (import_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX import_rows_flagged ON import_rows (import_id, status, seq) WHERE status <> 0;
      CREATE TABLE import_mappings (
        template_id TEXT PRIMARY KEY,
        mapping TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
