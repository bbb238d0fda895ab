/**
 * Accepted sends the journal holds but has not yet folded into `ledger_sends`, by number: the
 * send path asks the ledger about numbers while their sends are still only in the journal.
 */
import type { UnfoldedSends } from '../ledger/repo';

interface Unfolded {
  sdkAppId: string;
  phones: readonly string[];
  at: number;
  /** Its sends are in `byApp` (the per-number index is built when first asked). */
  indexed: boolean;
}

export class JournalOverlay implements UnfoldedSends {
  /**
   * sdkAppId → phone → accepted-send times not yet in `ledger_sends`, for the entries that are
   * `indexed`. Entries are indexed only when the ledger first asks: a batch to distinct
   * numbers never asks (it has no number sent to before), and skips a map entry per number.
   */
  private readonly byApp = new Map<string, Map<string, number[]>>();
  private readonly entries = new Map<number, Unfolded>();
  private readonly unindexed = new Set<Unfolded>();
  /** Numbers over every entry held. */
  rows = 0;

  get size(): number {
    return this.entries.size;
  }

  has(entryId: number): boolean {
    return this.entries.has(entryId);
  }

  add(entryId: number, sdkAppId: string, phones: readonly string[], at: number): void {
    const u: Unfolded = { sdkAppId, phones, at, indexed: false };
    this.entries.set(entryId, u);
    this.unindexed.add(u);
    this.rows += phones.length;
  }

  /** Accepted sends to `phone` not yet folded into the ledger table. */
  overlay(sdkAppId: string, phone: string): readonly number[] | undefined {
    this.index();
    return this.byApp.get(sdkAppId)?.get(phone);
  }

  overlayPhones(sdkAppId: string): Iterable<string> {
    this.index();
    return this.byApp.get(sdkAppId)?.keys() ?? [];
  }

  forget(entryId: number): void {
    const u = this.entries.get(entryId);
    if (!u) return;
    this.entries.delete(entryId);
    this.rows -= u.phones.length;
    if (!u.indexed) {
      this.unindexed.delete(u);
      return;
    }
    const byPhone = this.byApp.get(u.sdkAppId);
    if (!byPhone) return;
    for (const p of u.phones) {
      const list = byPhone.get(p);
      if (!list) continue;
      const i = list.indexOf(u.at);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) byPhone.delete(p);
    }
  }

  private index(): void {
    if (this.unindexed.size === 0) return;
    for (const u of this.unindexed) {
      let byPhone = this.byApp.get(u.sdkAppId);
      if (!byPhone) this.byApp.set(u.sdkAppId, (byPhone = new Map()));
      for (const p of u.phones) {
        const list = byPhone.get(p);
        if (list) list.push(u.at);
        else byPhone.set(p, [u.at]);
      }
      u.indexed = true;
    }
    this.unindexed.clear();
  }
}
