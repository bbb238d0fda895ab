import type { Migration } from './migration';

export const m0001Settings: Migration = {
  id: '0001-settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
