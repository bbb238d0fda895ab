import type { Migration } from './migration';

/** Local cache of the account's templates and signs, so sends can be prepared offline. */
export const m0200Templates: Migration = {
  id: '0200-templates',
  up(db) {
    db.exec(`
      CREATE TABLE templates (
        template_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        content TEXT NOT NULL,
        international INTEGER NOT NULL,
        status TEXT NOT NULL,
        review_reply TEXT NOT NULL DEFAULT '',
        created_at INTEGER,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        kind_chosen INTEGER NOT NULL DEFAULT 0,
        variable_names TEXT NOT NULL DEFAULT '[]',
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE signs (
        sign_name TEXT NOT NULL,
        international INTEGER NOT NULL,
        sign_id INTEGER,
        status TEXT NOT NULL,
        review_reply TEXT NOT NULL DEFAULT '',
        created_at INTEGER,
        source TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (sign_name, international)
      ) STRICT;
    `);
  },
};
