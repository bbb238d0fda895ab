// Typed structurally (no import of ./index): the migration list imports this file, not back.
import type { Database } from 'better-sqlite3';

/**
 * Variables with meaning: the kind the user chose for each template variable (null = inferred
 * from the text), and, per remembered import mapping, the headers of the file it was learned
 * from and the reading options (sheet) so it is reused only for a file of the same layout;
 * per import, how many phones get more than one message and how many rows send an empty code.
 */
export const m0800VariableMeaning = {
  id: '0800-variable-meaning',
  up(db: Database): void {
    db.exec(`
      ALTER TABLE templates ADD COLUMN variable_kinds TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE import_mappings ADD COLUMN headers TEXT;
      ALTER TABLE import_mappings ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE imports ADD COLUMN same_phone_phones INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE imports ADD COLUMN empty_codes INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
