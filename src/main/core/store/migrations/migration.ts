import type { Database } from 'better-sqlite3';

/** One schema step. Kept apart from the list so steps never import the list that holds them. */
export interface Migration {
  /** Sortable and unique; never renamed once released. */
  id: string;
  up(db: Database): void;
}
