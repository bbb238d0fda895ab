import { cooldownItemOf, type CooldownItem } from '../../../shared/api/cooldown';
import { DEFAULT_FREQUENCY_RULES, type FrequencyRules } from '../../../shared/domain';
import type { Cooldown } from '../../../shared/frequency';
import type { Clock } from '../kernel/clock';
import type { LedgerRepo, LedgerScope, PhoneHistory } from './repo';
import { cooldownOf } from './rules';
import { IN_PROCESS_ROWS, type WorkerRunner } from '../kernel/worker-run';

/** Folds the send journal so the ledger's tables are exact (outbox/read-model.ts). */
export interface JournalFold {
  foldJournal(): void;
  /** The same in slices with a turn of the loop between (outbox/read-model.ts). */
  foldInTurns?(): Promise<void>;
}

export interface LedgerServiceDeps {
  repo: LedgerRepo;
  clock: Clock;
  /** Every query folds the journal first; without one (tests of the ledger alone) nothing to fold. */
  reads?: JournalFold;
  /** The SdkAppId of the account in effect; rejects when no account is set up. */
  currentSdkAppId?: () => Promise<string>;
  /** The account's per-number limits. */
  rules?: () => FrequencyRules;
  /** Lists many cooling numbers in a worker thread. */
  workers?: WorkerRunner;
}

/** A `cooldown.list` page asked of a worker (list-task.ts). */
export interface CoolingListRequest {
  scope: LedgerScope;
  offset: number;
  limit: number;
  now: number;
}

/** Numbers answered per statement when asking which of many are held. */
const HELD_CHUNK = 1_000;

/**
 * When each number may receive again: the cooldown queries screens and the import review ask,
 * over the stored sends and blocks (repo.ts) and the shared frequency rules.
 */
export class LedgerService {
  readonly repo: LedgerRepo;
  private lastSdkAppId = '';

  constructor(private readonly deps: LedgerServiceDeps) {
    this.repo = deps.repo;
  }

  /** Cooldown items from histories already read (no statement). */
  itemsOf(scope: LedgerScope, hist: Map<string, PhoneHistory>, now: number): CooldownItem[] {
    // A batch mostly touches numbers whose only recent send is the one just made: they share
    // one answer, computed once.
    const single = new Map<number, Cooldown>();
    return [...hist].map(([phone, h]) => {
      if (h.sends.length === 1 && h.blocks.length === 0) {
        const at = h.sends[0]!;
        let cd = single.get(at);
        if (!cd) single.set(at, (cd = cooldownOf(h.sends, h.blocks, scope.rules, now)));
        return cooldownItemOf(phone, { ...cd, counts: { ...cd.counts } });
      }
      return cooldownItemOf(phone, cooldownOf(h.sends, h.blocks, scope.rules, now));
    });
  }

  /**
   * Cooldown items of numbers whose only recent send is the one made at `now`: one answer
   * for all of them (a batch to new customers), so no history is built per number.
   */
  firstSendItems(scope: LedgerScope, phones: readonly string[], now: number): CooldownItem[] {
    if (phones.length === 0) return [];
    const { allowedAt, reason, counts } = cooldownOf([now], [], scope.rules, now);
    // One counts object for all: items are only serialised (events, IPC), never changed.
    return phones.map((phone) => ({ phone, allowedAt, reason, counts }));
  }

  /** Cooldown of every number in `phones` (duplicates folded), in input order. */
  query(
    scope: LedgerScope,
    phones: readonly string[],
    now = this.deps.clock.now(),
  ): CooldownItem[] {
    this.deps.reads?.foldJournal();
    return this.itemsOf(scope, this.repo.history(scope, phones, now), now);
  }

  /**
   * Recomputes and stores the state of `phones` after a send or a block, so the list of cooling
   * numbers stays one indexed scan. Returns the items for `cooldown.changed`.
   */
  refresh(
    scope: LedgerScope,
    phones: readonly string[],
    now = this.deps.clock.now(),
  ): CooldownItem[] {
    const items = this.query(scope, phones, now);
    this.repo.storeState(scope, items, now);
    return items;
  }

  /** Numbers cooling at `now`, soonest release first. Counts are computed for the page only. */
  listCooling(
    scope: LedgerScope,
    offset: number,
    limit: number,
    now = this.deps.clock.now(),
  ): { items: CooldownItem[]; total: number } {
    this.deps.reads?.foldJournal();
    const { phones, total } = this.repo.coolingPage(scope, offset, limit, now);
    const items = this.query(scope, phones, now).filter((it) => it.allowedAt > now);
    items.sort((a, b) => a.allowedAt - b.allowedAt || a.phone.localeCompare(b.phone));
    return { items, total };
  }

  /**
   * Which of `phones` are held at `now`, with when each may receive again: asked a chunk at a
   * time, and numbers without recent history cost no statement, so a million-row import never
   * needs a million cooling numbers in memory.
   */
  heldAmong(
    scope: LedgerScope,
    phones: readonly string[],
    now = this.deps.clock.now(),
  ): Map<string, number> {
    const held = new Map<string, number>();
    for (let i = 0; i < phones.length; i += HELD_CHUNK) {
      for (const it of this.query(scope, phones.slice(i, i + HELD_CHUNK), now)) {
        if (it.allowedAt > now) held.set(it.phone, it.allowedAt);
      }
    }
    return held;
  }

  /** `cooldown.query` for the account in effect. */
  async cooldownQuery(phones: string[]): Promise<{ items: CooldownItem[]; now: number }> {
    const scope = await this.currentScope();
    const now = this.deps.clock.now();
    // The numbers with history are read in turns before the synchronous query needs them.
    await this.repo.warmStored(scope.sdkAppId, now);
    return { items: this.query(scope, phones, now), now };
  }

  /** `cooldown.list` for the account in effect. */
  async cooldownList(
    offset: number,
    limit: number,
  ): Promise<{ items: CooldownItem[]; total: number; now: number }> {
    const scope = await this.currentScope();
    const now = this.deps.clock.now();
    const workers = this.deps.workers;
    await this.deps.reads?.foldInTurns?.();
    if (workers && this.repo.sendRows() > IN_PROCESS_ROWS) {
      this.deps.reads?.foldJournal();
      const req: CoolingListRequest = { scope, offset, limit, now };
      const page = await workers.run<{ items: CooldownItem[]; total: number }>(
        'cooldown.list',
        req,
      );
      return { ...page, now };
    }
    return { ...this.listCooling(scope, offset, limit, now), now };
  }

  /**
   * Ledger scope of the account in effect (practice or Tencent); with none set up, the last
   * app seen, else an empty scope that answers "free" for every number.
   */
  async currentScope(): Promise<LedgerScope> {
    try {
      if (this.deps.currentSdkAppId) this.lastSdkAppId = await this.deps.currentSdkAppId();
    } catch {
      // No account now: keep the last app seen.
    }
    return { sdkAppId: this.lastSdkAppId, rules: this.deps.rules?.() ?? DEFAULT_FREQUENCY_RULES };
  }

  /** A job started on `sdkAppId`: the app in effect, should the account be unreachable later. */
  noteAppInEffect(sdkAppId: string): void {
    this.lastSdkAppId = sdkAppId;
  }
}
