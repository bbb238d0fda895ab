import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations, type Migration } from './migrations';

export type { Db };

/**
 * Opens the app database. WAL with synchronous=FULL: the outbox journals a send before it
 * leaves, and losing that commit on power loss would mean sending twice.
 */
export function openDatabase(file: string, list: readonly Migration[] = migrations): Db {
  const db = openConnection(file);
  runMigrations(db, list);
  return db;
}

/** The connection with the app's settings, before migrations. */
export function openConnection(file: string): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Migrations not yet applied to `db` (an empty database has no table yet: all of them). */
export function pendingMigrations(db: Db, list: readonly Migration[] = migrations): Migration[] {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!table) return [...list];
  const done = new Set(
    db
      .prepare('SELECT id FROM schema_migrations')
      .all()
      .map((r) => (r as { id: string }).id),
  );
  return list.filter((m) => !done.has(m.id));
}

export function runMigrations(db: Db, list: readonly Migration[]): string[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const done = new Set(
    db
      .prepare('SELECT id FROM schema_migrations')
      .all()
      .map((r) => (r as { id: string }).id),
  );
  const ids = new Set<string>();
  const applied: string[] = [];
  for (const m of list) {
    if (ids.has(m.id)) throw new Error(`Duplicate migration id ${m.id}`);
    ids.add(m.id);
    if (done.has(m.id)) continue;
    db.transaction(() => {
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(
        m.id,
        Date.now(),
      );
    })();
    applied.push(m.id);
  }
  return applied;
}
