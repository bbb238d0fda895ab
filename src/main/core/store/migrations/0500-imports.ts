import type { Migration } from './migration';

/**
 * Imported customer lists, saved as soon as parsed so a batch prepared tonight survives a
 * restart. Data rows are stored in blocks of 1,000 (block n holds data rows n*1000…): a
 * million single-row inserts cost seconds of B-tree work, a thousand block inserts almost
 * nothing, and a block is one page of `import.rows`. Flagged rows (problem, duplicate, same
 * phone) are kept again one by one, keyed by status, so every filter is an index range.
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
      CREATE TABLE import_blocks (
        import_id INTEGER NOT NULL,
        block INTEGER NOT NULL,
        rows TEXT NOT NULL,
        PRIMARY KEY (import_id, block)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE import_flagged (
        import_id INTEGER NOT NULL,
        status INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        row TEXT NOT NULL,
        PRIMARY KEY (import_id, status, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE import_mappings (
        template_id TEXT PRIMARY KEY,
        mapping TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
