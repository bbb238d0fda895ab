import type { Db } from '../store/db';

export type OptOutSource = 'reply' | 'refusal' | 'manual' | 'import';

export interface OptOutEntry {
  phone: string;
  source: OptOutSource;
  note: string;
  addedAt: number;
}

/** Numbers per `among` query: one IN list bound as JSON. */
const CHUNK = 5_000;

/** The do-not-send list (migration 1100): one row per (account, number). */
export class OptOutRepo {
  private readonly insert;
  private readonly amongStmt;
  private readonly hasStmt;
  private readonly removeStmt;

  constructor(private readonly db: Db) {
    // The first reason a number joined is kept: a later refusal does not hide the reply.
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO optout (sdk_app_id, phone, source, note, added_at)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.amongStmt = db
      .prepare(
        `SELECT phone FROM optout
         WHERE sdk_app_id = ? AND phone IN (SELECT value FROM json_each(?))`,
      )
      .pluck();
    this.hasStmt = db.prepare('SELECT 1 FROM optout WHERE sdk_app_id = ? AND phone = ?').pluck();
    this.removeStmt = db.prepare('DELETE FROM optout WHERE sdk_app_id = ? AND phone = ?');
  }

  /** Adds numbers not on the list yet; returns how many were new. */
  add(
    sdkAppId: string,
    entries: Iterable<{ phone: string; note: string }>,
    source: OptOutSource,
    at: number,
  ): number {
    return this.db.transaction(() => {
      let added = 0;
      for (const e of entries) {
        added += this.insert.run(sdkAppId, e.phone, source, e.note, at).changes;
      }
      return added;
    })();
  }

  remove(sdkAppId: string, phones: readonly string[]): number {
    return this.db.transaction(() => {
      let n = 0;
      for (const p of phones) n += this.removeStmt.run(sdkAppId, p).changes;
      return n;
    })();
  }

  has(sdkAppId: string, phone: string): boolean {
    return this.hasStmt.get(sdkAppId, phone) !== undefined;
  }

  /** The numbers among `phones` that are on the list: primary-key lookups, a chunk at a time. */
  among(sdkAppId: string, phones: readonly string[]): Set<string> {
    const out = new Set<string>();
    for (let i = 0; i < phones.length; i += CHUNK) {
      const chunk = phones.slice(i, i + CHUNK);
      for (const p of this.amongStmt.all(sdkAppId, JSON.stringify(chunk)) as string[]) out.add(p);
    }
    return out;
  }

  count(sdkAppId: string, search: string): number {
    const w = filter(search);
    return this.db
      .prepare(`SELECT COUNT(*) FROM optout WHERE sdk_app_id = ? ${w.sql}`)
      .pluck()
      .get(sdkAppId, ...w.params) as number;
  }

  /** Newest first. */
  list(sdkAppId: string, search: string, offset: number, limit: number): OptOutEntry[] {
    const w = filter(search);
    return this.db
      .prepare(
        `SELECT phone, source, note, added_at AS addedAt FROM optout
         WHERE sdk_app_id = ? ${w.sql} ORDER BY added_at DESC, phone LIMIT ? OFFSET ?`,
      )
      .all(sdkAppId, ...w.params, limit, offset) as OptOutEntry[];
  }

  /** Every entry, for exports, newest first. */
  *iterate(sdkAppId: string): IterableIterator<OptOutEntry> {
    yield* this.db
      .prepare(
        `SELECT phone, source, note, added_at AS addedAt FROM optout
         WHERE sdk_app_id = ? ORDER BY added_at DESC, phone`,
      )
      .iterate(sdkAppId) as IterableIterator<OptOutEntry>;
  }
}

function filter(search: string): { sql: string; params: unknown[] } {
  const digits = search.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const d = digits.replace(/\D/g, '');
  const text = search.trim();
  if (d === '' && text === '') return { sql: '', params: [] };
  if (d !== '') return { sql: "AND phone LIKE ? ESCAPE '\\'", params: [`%${d}%`] };
  return { sql: "AND note LIKE ? ESCAPE '\\'", params: [`%${text.replace(/[\\%_]/g, '\\$&')}%`] };
}
