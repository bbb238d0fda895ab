import type { Statement } from 'better-sqlite3';
import type { CooldownItem } from '../../../shared/api/cooldown';
import type { FrequencyRules } from '../../../shared/domain';
import type { Db } from '../store/db';
import { rowsAbout } from '../store/table-size';
import { THIRTY_SECONDS_MS } from '../../../shared/frequency';
import { blockFor, windowStart, type StoredBlock } from './rules';
import { StoredPhoneSets, type UnfoldedSends } from './stored-phones';

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

export type { UnfoldedSends };

const noUnfoldedSends: UnfoldedSends = {
  overlay: () => undefined,
  overlayPhones: () => [],
};

/** Numbers per history lookup bound one parameter each (a request holds at most 200). */
const MAX_BOUND_PHONES = 200;

interface Lookups {
  bound: boolean;
  sends: Statement;
  blocks: Statement;
}

/** The history of a number with none: shared, so never mutated. */
const NO_HISTORY: PhoneHistory = Object.freeze({
  sends: Object.freeze([]) as unknown as number[],
  blocks: Object.freeze([]) as unknown as StoredBlock[],
});

/** Which account's limits apply: the ledger is kept per SdkAppId. */
export interface LedgerScope {
  sdkAppId: string;
  rules: FrequencyRules;
}

/** Content identity for the re-send guard. Params are stored as canonical JSON. */
export const contentKeyOf = (templateId: string, paramsJson: string): string =>
  `${templateId}\u001f${paramsJson}`;

/**
 * The ledger's storage: per-number accepted sends, server-reported blocks and stored cooldown
 * states. Writes run inside the caller's transaction (the outbox commits a request's results
 * and their ledger entries together); every query for a set of numbers is one statement.
 */
export class LedgerRepo {
  private readonly insertSend;
  private readonly insertSendSame;
  private readonly insertBlock;
  private readonly upsertState;
  private readonly lookups = new Map<number, Lookups>();
  private readonly stored: StoredPhoneSets;
  /**
   * Counts every recorded send or block (this process's and folded ones): an answer cached
   * under an older revision may be stale.
   */
  revision = 0;
  /** Latest end of any stored block: none can be active after it. */
  private blocksUntil: number;

  constructor(
    private readonly db: Db,
    private readonly unfolded: UnfoldedSends = noUnfoldedSends,
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
    this.stored = new StoredPhoneSets(db, unfolded);
    this.blocksUntil = (
      db.prepare('SELECT COALESCE(MAX(until), 0) AS t FROM ledger_blocks').get() as { t: number }
    ).t;
  }

  /** Builds the account's set of numbers with history ahead of use, in turns (stored-phones.ts). */
  warmStored(sdkAppId: string, now: number): Promise<void> {
    return this.stored.warm(sdkAppId, now);
  }

  /**
   * Sends recorded by someone else (the send journal, unfolded or folded). `null`: the
   * numbers are not known, so the set is read again when next needed. `claimedIn`: the
   * numbers were claimed by `recentHistory` in that set; nothing to do if it is still the one.
   */
  noteStored(sdkAppId: string, phones: readonly string[] | null, claimedIn?: number): void {
    this.revision++;
    this.stored.note(sdkAppId, phones, claimedIn);
  }

  /**
   * The two history statements for `n` numbers: one bound parameter per number up to a
   * request's size (SQLite parses no JSON then, about twice as fast), a JSON list beyond.
   */
  private lookupsFor(n: number): Lookups {
    const bound = n <= MAX_BOUND_PHONES;
    const key = bound ? n : 0;
    let lookup = this.lookups.get(key);
    if (!lookup) {
      const set = bound ? `(${Array(n).fill('?').join(', ')})` : '(SELECT value FROM json_each(?))';
      lookup = {
        bound,
        sends: this.db.prepare(
          `SELECT phone, sent_at AS at FROM ledger_sends
           WHERE sdk_app_id = ? AND sent_at >= ? AND phone IN ${set}`,
        ),
        blocks: this.db.prepare(
          `SELECT phone, code, at, until FROM ledger_blocks
           WHERE sdk_app_id = ? AND until > ? AND phone IN ${set}`,
        ),
      };
      this.lookups.set(key, lookup);
    }
    return lookup;
  }

  recordSends(sdkAppId: string, entries: readonly SendEntry[]): void {
    if (entries.length === 0) return;
    this.noteStored(
      sdkAppId,
      entries.map((e) => e.phone),
    );
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
    this.blocksUntil = Math.max(this.blocksUntil, block.until);
    this.noteStored(sdkAppId, [phone]);
    return block;
  }

  /**
   * Recent sends and active blocks of every number in `phones`: two statements in all. The
   * result is read-only (numbers without history share one object).
   */
  history(scope: LedgerScope, phones: readonly string[], now: number): Map<string, PhoneHistory> {
    const found = this.recentHistory(scope, phones, now);
    const out = new Map<string, PhoneHistory>();
    for (const p of phones) out.set(p, found.get(p) ?? NO_HISTORY);
    return out;
  }

  /**
   * Like `history`, but only numbers that may have history are in the map: a number absent
   * from it has no recent send and no active block. The send path plans 200 numbers at a
   * time, mostly new ones, and skips building an entry for each.
   *
   * `claim`: the numbers are about to be sent to, so they join the stored set now (one set
   * operation per number instead of two); `storedGeneration` tells which set that was.
   */
  recentHistory(
    scope: LedgerScope,
    phones: readonly string[],
    now: number,
    claim = false,
  ): Map<string, PhoneHistory> {
    const out = new Map<string, PhoneHistory>();
    // Only numbers that may have history (stored, or sent by the journal and not yet folded:
    // both are in `stored`) are looked up: a batch to new customers reads nothing.
    const s = this.stored.of(scope.sdkAppId, now);
    const stored = s.phones;
    const probe: string[] = [];
    for (let i = 0; i < phones.length; i++) {
      const p = phones[i]!;
      // A claim is one set operation: `add` tells whether the number was there.
      const known = claim ? !stored.add(p) : stored.has(p);
      if (known && !out.has(p)) {
        out.set(p, { sends: [], blocks: [] });
        probe.push(p);
      }
    }
    if (probe.length > 0) {
      const lookup = this.lookupsFor(probe.length);
      const list = lookup.bound ? probe : [JSON.stringify(probe)];
      for (const r of lookup.sends.all(scope.sdkAppId, windowStart(now), ...list) as {
        phone: string;
        at: number;
      }[]) {
        out.get(r.phone)?.sends.push(r.at);
      }
      // Blocks are rare: with none that can still be active, the lookup is skipped.
      if (this.blocksUntil > now) {
        for (const r of lookup.blocks.all(scope.sdkAppId, now, ...list) as (StoredBlock & {
          phone: string;
        })[]) {
          out.get(r.phone)?.blocks.push({ code: r.code, at: r.at, until: r.until });
        }
      }
    }
    for (const phone of probe) {
      const extra = this.unfolded.overlay(scope.sdkAppId, phone);
      if (extra) out.get(phone)!.sends.push(...extra);
    }
    return out;
  }

  /** Which stored set numbers were claimed in (see `recentHistory`, `noteStored`). */
  storedGeneration(sdkAppId: string): number | undefined {
    return this.stored.generationOf(sdkAppId);
  }

  /**
   * Stores computed items as the numbers' current state (for `listCooling`). A number cooling
   * only for its 30-second window after its latest send needs no row: `listCooling` finds it
   * in `ledger_sends` by time. So a batch writes no state row per number.
   */
  storeState(scope: LedgerScope, items: readonly CooldownItem[], now: number): void {
    const derived = scope.rules.perThirtySeconds === 1;
    const kept = items.filter(
      (it) => it.allowedAt > now && !(derived && it.reason === 'thirtySeconds'),
    );
    if (kept.length === 0) return;
    // Positional rows: the counts the items carry are not stored, so they are not serialised.
    const rows = JSON.stringify(kept.map((it) => [it.phone, it.allowedAt, it.reason]));
    this.upsertState.run(scope.sdkAppId, now, rows);
  }

  /**
   * A page of the numbers cooling at `now`, soonest release first, and how many there are:
   * stored states, plus (with one send per 30 s allowed) every number sent to in the last 30 s,
   * whose latest send ends its window. A send "in the future" (the clock went back) counts as
   * made now, as in the rule math.
   */
  /** About how many sends are recorded (all accounts): the cooling list scans their last 30 s. */
  sendRows(): number {
    return rowsAbout(this.db, 'ledger_sends');
  }

  coolingPage(
    scope: LedgerScope,
    offset: number,
    limit: number,
    now: number,
  ): { phones: string[]; total: number } {
    const args = { sdk: scope.sdkAppId, now };
    const sentLately =
      scope.rules.perThirtySeconds === 1 &&
      this.db
        .prepare(
          `SELECT 1 FROM ledger_sends WHERE sdk_app_id = @sdk
           AND sent_at > @now - ${THIRTY_SECONDS_MS} LIMIT 1`,
        )
        .get(args) !== undefined;
    if (!sentLately) {
      // Stored states alone, one per number: the index on (account, allowed_at), which carries
      // the number too, is already in page order, so neither the count nor a deep page sorts
      // or reads every cooling number.
      const stored = 'FROM ledger_state WHERE sdk_app_id = @sdk AND allowed_at > @now';
      const total = (this.db.prepare(`SELECT COUNT(*) AS n ${stored}`).get(args) as { n: number })
        .n;
      const phones = this.db
        .prepare(`SELECT phone ${stored} ORDER BY allowed_at, phone LIMIT @limit OFFSET @offset`)
        .pluck()
        .all({ ...args, limit, offset }) as string[];
      return { phones, total };
    }
    const cooling = `SELECT phone, MAX(allowed) AS allowed FROM (
        SELECT phone, MIN(sent_at, @now) + ${THIRTY_SECONDS_MS} AS allowed FROM ledger_sends
        WHERE sdk_app_id = @sdk AND sent_at > @now - ${THIRTY_SECONDS_MS}
        UNION ALL SELECT phone, allowed_at AS allowed FROM ledger_state
        WHERE sdk_app_id = @sdk AND allowed_at > @now)
      GROUP BY phone`;
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM (${cooling})`).get(args) as { n: number }
    ).n;
    const phones = (
      this.db
        .prepare(`${cooling} ORDER BY allowed, phone LIMIT @limit OFFSET @offset`)
        .all({ ...args, limit, offset }) as { phone: string }[]
    ).map((r) => r.phone);
    return { phones, total };
  }
}
