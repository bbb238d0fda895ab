import type { CooldownItem } from '../../../shared/api/cooldown';
import type { FrequencyRules } from '../../../shared/domain';
import type { Clock } from '../clock';
import type { Db } from '../store/db';
import { blockFor, cooldownOf, windowStart, type StoredBlock } from './rules';

export interface SendEntry {
  phone: string;
  at: number;
  /** templateId + params: lets the re-send guard find "same content to the same number". */
  contentKey?: string | null;
  jobId?: number | null;
  rowNo?: number | null;
}

/** What the cooldown math needs of one number. */
export interface PhoneHistory {
  sends: number[];
  blocks: StoredBlock[];
}

/** Which account's limits apply: the ledger is kept per SdkAppId. */
export interface LedgerScope {
  sdkAppId: string;
  rules: FrequencyRules;
}

/** Content identity for the re-send guard. Params are stored as canonical JSON. */
export const contentKeyOf = (templateId: string, paramsJson: string): string =>
  `${templateId}\u001f${paramsJson}`;

/**
 * Per-number record of accepted sends and server-reported blocks, and the cooldown queries
 * over it. Writes run inside the caller's transaction (the outbox commits a request's results
 * and their ledger entries together); every query for a set of numbers is one statement.
 */
export class Ledger {
  private readonly insertSend;
  private readonly insertSendSame;
  private readonly insertBlock;
  private readonly upsertState;
  private readonly sendsFor;
  private readonly blocksFor;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    // Batched through json_each: one statement per request, whatever its size.
    this.insertSend = db.prepare(
      `INSERT INTO ledger_sends (sdk_app_id, phone, sent_at, content_key, job_id, row_no)
       SELECT ?, j.value ->> '$.p', j.value ->> '$.a', j.value ->> '$.k', j.value ->> '$.j',
              j.value ->> '$.r'
       FROM json_each(?) AS j`,
    );
    // The usual batch (one request's numbers) shares time, content and job: only the per-number
    // fields go through JSON, positionally, which keeps the per-row parsing small.
    this.insertSendSame = db.prepare(
      `INSERT INTO ledger_sends (sdk_app_id, phone, sent_at, content_key, job_id, row_no)
       SELECT ?, j.value ->> 0, ?, ?, ?, j.value ->> 1
       FROM json_each(?) AS j`,
    );
    this.insertBlock = db.prepare(
      'INSERT INTO ledger_blocks (sdk_app_id, phone, code, at, until) VALUES (?, ?, ?, ?, ?)',
    );
    this.upsertState = db.prepare(
      `INSERT INTO ledger_state (sdk_app_id, phone, allowed_at, reason, updated_at)
       SELECT ?, j.value ->> 0, j.value ->> 1, j.value ->> 2, ?
       FROM json_each(?) AS j WHERE true
       ON CONFLICT (sdk_app_id, phone) DO UPDATE SET
         allowed_at = excluded.allowed_at, reason = excluded.reason, updated_at = excluded.updated_at`,
    );
    this.sendsFor = db.prepare(
      `SELECT phone, sent_at AS at FROM ledger_sends
       WHERE sdk_app_id = ? AND sent_at >= ? AND phone IN (SELECT value FROM json_each(?))`,
    );
    this.blocksFor = db.prepare(
      `SELECT phone, code, at, until FROM ledger_blocks
       WHERE sdk_app_id = ? AND until > ? AND phone IN (SELECT value FROM json_each(?))`,
    );
  }

  recordSends(sdkAppId: string, entries: readonly SendEntry[]): void {
    if (entries.length === 0) return;
    const first = entries[0]!;
    const at = first.at;
    const contentKey = first.contentKey ?? null;
    const jobId = first.jobId ?? null;
    if (
      entries.every(
        (e) => e.at === at && (e.contentKey ?? null) === contentKey && (e.jobId ?? null) === jobId,
      )
    ) {
      const rows = JSON.stringify(entries.map((e) => [e.phone, e.rowNo ?? null]));
      this.insertSendSame.run(sdkAppId, at, contentKey, jobId, rows);
      return;
    }
    const json = JSON.stringify(
      entries.map((e) => ({
        p: e.phone,
        a: e.at,
        k: e.contentKey ?? null,
        j: e.jobId ?? null,
        r: e.rowNo ?? null,
      })),
    );
    this.insertSend.run(sdkAppId, json);
  }

  /** Records Tencent's limit answer; returns the block, or null when `code` is not a limit. */
  recordBlock(sdkAppId: string, phone: string, code: string, at: number): StoredBlock | null {
    const block = blockFor(code, at);
    if (!block) return null;
    this.insertBlock.run(sdkAppId, phone, code, block.at, block.until);
    return block;
  }

  /** Recent sends and active blocks of every number in `phones`: two statements in all. */
  history(
    scope: LedgerScope,
    phones: readonly string[],
    now = this.clock.now(),
  ): Map<string, PhoneHistory> {
    const out = new Map<string, PhoneHistory>();
    const unique = [...new Set(phones)];
    if (unique.length === 0) return out;
    for (const p of unique) out.set(p, { sends: [], blocks: [] });
    const json = JSON.stringify(unique);
    for (const r of this.sendsFor.all(scope.sdkAppId, windowStart(now), json) as {
      phone: string;
      at: number;
    }[]) {
      out.get(r.phone)?.sends.push(r.at);
    }
    for (const r of this.blocksFor.all(scope.sdkAppId, now, json) as (StoredBlock & {
      phone: string;
    })[]) {
      out.get(r.phone)?.blocks.push({ code: r.code, at: r.at, until: r.until });
    }
    return out;
  }

  /** Cooldown items from histories already read (no statement). */
  itemsOf(scope: LedgerScope, hist: Map<string, PhoneHistory>, now: number): CooldownItem[] {
    return [...hist].map(([phone, h]) => ({
      phone,
      ...cooldownOf(h.sends, h.blocks, scope.rules, now),
    }));
  }

  /** Cooldown of every number in `phones` (duplicates folded), in input order. */
  query(scope: LedgerScope, phones: readonly string[], now = this.clock.now()): CooldownItem[] {
    return this.itemsOf(scope, this.history(scope, phones, now), now);
  }

  /** Stores computed items as the numbers' current state (for `listCooling`). */
  storeState(scope: LedgerScope, items: readonly CooldownItem[], now: number): void {
    if (items.length === 0) return;
    // Positional rows: the counts the items carry are not stored, so they are not serialised.
    const rows = JSON.stringify(items.map((it) => [it.phone, it.allowedAt, it.reason]));
    this.upsertState.run(scope.sdkAppId, now, rows);
  }

  /**
   * Recomputes and stores the state of `phones` after a send or a block, so the list of cooling
   * numbers stays one indexed scan. Returns the items for `cooldown.changed`.
   */
  refresh(scope: LedgerScope, phones: readonly string[], now = this.clock.now()): CooldownItem[] {
    const items = this.query(scope, phones, now);
    this.storeState(scope, items, now);
    return items;
  }

  /** Numbers cooling at `now`, soonest release first. Counts are computed for the page only. */
  listCooling(
    scope: LedgerScope,
    offset: number,
    limit: number,
    now = this.clock.now(),
  ): { items: CooldownItem[]; total: number } {
    const total = (
      this.db
        .prepare('SELECT COUNT(*) AS n FROM ledger_state WHERE sdk_app_id = ? AND allowed_at > ?')
        .get(scope.sdkAppId, now) as { n: number }
    ).n;
    const phones = (
      this.db
        .prepare(
          `SELECT phone FROM ledger_state WHERE sdk_app_id = ? AND allowed_at > ?
           ORDER BY allowed_at, phone LIMIT ? OFFSET ?`,
        )
        .all(scope.sdkAppId, now, limit, offset) as { phone: string }[]
    ).map((r) => r.phone);
    const items = this.query(scope, phones, now).filter((it) => it.allowedAt > now);
    items.sort((a, b) => a.allowedAt - b.allowedAt || a.phone.localeCompare(b.phone));
    return { items, total };
  }
}
