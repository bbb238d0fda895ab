import type { Statement } from 'better-sqlite3';
import { PhoneSet } from '../../../shared/phone-set';
import type { Db } from '../store/db';
import { windowStart } from './rules';
import { nextTurn } from '../kernel/next-turn';

/**
 * Accepted sends the outbox has recorded but not yet folded into `ledger_sends` (see
 * outbox/journal-overlay.ts): the send path reads them from memory, every other reader folds
 * the journal first (outbox/read-model.ts).
 */
export interface UnfoldedSends {
  overlay(sdkAppId: string, phone: string): readonly number[] | undefined;
  /** Every number with an unfolded send. */
  overlayPhones(sdkAppId: string): Iterable<string>;
}

export interface StoredPhones {
  phones: PhoneSet;
  readAt: number;
  generation: number;
}

/** Distinct numbers read per slice while a stored set is built ahead of use (~10 ms). */
const WARM_SLICE = 8_192;

/** A stored set being built in slices: what was recorded meanwhile (null: start over). */
interface Warming {
  noted: string[] | null;
  done: Promise<void>;
}

/**
 * Per account, the numbers that may have a send in the longest window, an unfolded send or an
 * active block: the ledger looks up history only for these (a batch to new customers reads
 * nothing). Read once per account, then kept up to date by every write (`note`). Numbers are
 * only added, so a set can only over-approximate as the windows slide; a clock that went back
 * past the reading rebuilds it.
 */
export class StoredPhoneSets {
  private readonly sets = new Map<string, StoredPhones>();
  /** Numbers the sets were built with; a rebuilt set gets a new one. */
  private generation = 0;
  private readonly warming = new Map<string, Warming>();
  private readonly recentPhones: Statement;
  private readonly recentPhonesAfter: Statement;
  private readonly blockedPhones: Statement;

  constructor(
    db: Db,
    private readonly unfolded: UnfoldedSends,
  ) {
    this.recentPhones = db
      .prepare('SELECT DISTINCT phone FROM ledger_sends WHERE sdk_app_id = ? AND sent_at >= ?')
      .pluck();
    // In number order through the per-number index, so a slice resumes where the last ended.
    this.recentPhonesAfter = db
      .prepare(
        `SELECT DISTINCT phone FROM ledger_sends INDEXED BY ledger_sends_phone
         WHERE sdk_app_id = ? AND phone > ? AND sent_at >= ? ORDER BY phone LIMIT ?`,
      )
      .pluck();
    this.blockedPhones = db
      .prepare('SELECT phone FROM ledger_blocks WHERE sdk_app_id = ? AND until > ?')
      .pluck();
  }

  /** The account's set, read here in one stretch if nothing built it yet. */
  of(sdkAppId: string, now: number): StoredPhones {
    let s = this.sets.get(sdkAppId);
    if (!s || now < s.readAt) {
      const phones = new PhoneSet();
      for (const p of this.recentPhones.all(sdkAppId, windowStart(now)) as string[]) phones.add(p);
      for (const p of this.blockedPhones.all(sdkAppId, now) as string[]) phones.add(p);
      for (const p of this.unfolded.overlayPhones(sdkAppId)) phones.add(p);
      s = { phones, readAt: now, generation: ++this.generation };
      this.sets.set(sdkAppId, s);
    }
    return s;
  }

  /**
   * Builds the account's set ahead of its first use, in slices with a turn of the event loop
   * between: after a day of big batches it holds hundreds of thousands of numbers, and the
   * first plan of the next batch read them all in one stretch (~0.1 s per 100,000, measured in
   * `bench/responsiveness.ts`). A send recorded meanwhile is noted and added; a set built
   * meanwhile by a synchronous reader (`of`) wins.
   */
  warm(sdkAppId: string, now: number): Promise<void> {
    if (this.sets.has(sdkAppId)) return Promise.resolve();
    const running = this.warming.get(sdkAppId);
    if (running) return running.done;
    const w: Warming = { noted: [], done: Promise.resolve() };
    w.done = this.build(sdkAppId, now, w).finally(() => this.warming.delete(sdkAppId));
    this.warming.set(sdkAppId, w);
    return w.done;
  }

  private async build(sdkAppId: string, now: number, w: Warming): Promise<void> {
    const phones = new PhoneSet();
    // Taken first: an unfolded send folded while the slices run may land behind the last one.
    for (const p of this.unfolded.overlayPhones(sdkAppId)) phones.add(p);
    const from = windowStart(now);
    let after = '';
    for (;;) {
      const slice = this.recentPhonesAfter.all(sdkAppId, after, from, WARM_SLICE) as string[];
      for (let i = 0; i < slice.length; i++) phones.add(slice[i]!);
      if (slice.length < WARM_SLICE) break;
      after = slice[slice.length - 1]!;
      await nextTurn();
      if (this.sets.has(sdkAppId) || w.noted === null) return;
    }
    if (this.sets.has(sdkAppId) || w.noted === null) return;
    for (const p of this.blockedPhones.all(sdkAppId, now) as string[]) phones.add(p);
    for (const p of w.noted) phones.add(p);
    this.sets.set(sdkAppId, { phones, readAt: now, generation: ++this.generation });
  }

  /** See `LedgerRepo.noteStored`. */
  note(sdkAppId: string, phones: readonly string[] | null, claimedIn?: number): void {
    const s = this.sets.get(sdkAppId);
    if (!s) {
      const w = this.warming.get(sdkAppId);
      if (w?.noted && phones) for (const p of phones) w.noted.push(p);
      else if (w) w.noted = null;
      return;
    }
    if (phones === null) this.sets.delete(sdkAppId);
    else if (s.generation !== claimedIn) for (const p of phones) s.phones.add(p);
  }

  generationOf(sdkAppId: string): number | undefined {
    return this.sets.get(sdkAppId)?.generation;
  }
}
