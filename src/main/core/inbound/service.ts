import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/events';
import type { Logger } from '../kernel/log';
import type { Db } from '../store/db';
import type { InboundGateway, ReplyRecord } from '../gateway/inbound-types';
import { PULL_LIMIT } from '../gateway/inbound-types';
import type { OptOutService } from '../optout/service';
import { IN_PROCESS_ROWS, type WorkerRunner } from '../kernel/worker-run';
import { rowsAbout } from '../store/table-size';
import { InboundRepo, type DayCounts, type JobCounts, type PendingNumber } from './repo';
import { RECEIPT_HORIZON_MS } from './receipt-sql';

export const INBOUND_TIMING = {
  /** Between pulls while a row sent in the last hour waits for its receipt. */
  busyMs: 3_000,
  /** Between pulls while only older rows wait, or replies may still come. */
  idleMs: 180_000,
  /** "Recent" for `busyMs`. */
  recentMs: 3600_000,
  /** A row still without a receipt this long after its send is asked about by number. */
  backfillAfterMs: 10 * 60_000,
  /** The same number is asked about again at most this often. */
  backfillEveryMs: 30 * 60_000,
  /** Numbers asked about per cycle (the by-number calls are limited to 20 per second). */
  backfillPerCycle: 20,
  /** Pause between by-number calls: well under Tencent's 20/s. */
  backfillGapMs: 100,
  /** Queue pulls per cycle at most (each ≤100 items). */
  pagesPerCycle: 20,
  /** Longest wait after failed pulls. */
  maxBackoffMs: 300_000,
};
export type InboundTiming = typeof INBOUND_TIMING;

export interface InboundDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  gateway: () => Promise<InboundGateway>;
  optout: OptOutService;
  timing?: Partial<InboundTiming>;
  /** Test seam: runs inside each store transaction, before it commits. */
  beforeCommit?: (what: 'receipts' | 'replies') => void;
  /** Folds the send journal before rows are read (outbox/read-model.ts). */
  reads?: { foldJournal(): void; foldInTurns?(): Promise<void> };
  /** Waits between paced calls; tests pass an instant one. */
  sleep?: (ms: number) => Promise<void>;
  /** Scans a long history for rows still waiting in a worker thread (inbound/scan-tasks.ts). */
  workers?: WorkerRunner;
}

export interface Receipt {
  status: string;
  description: string;
  at: number | null;
}

export interface CycleResult {
  receipts: number;
  replies: number;
  backfilled: number;
  /** When the next cycle should run (ms from now); null: nothing is waiting. */
  nextInMs: number | null;
}

/**
 * Delivery receipts and replies, pulled: Tencent hands each queued item out once, so every page
 * is committed before the next pull. A crash between a pull and its commit loses that page from
 * the queue: the by-number backfill (after start-up, and for rows still waiting after a while)
 * reads it back. Pull failures back off and never touch sending.
 */
export class InboundService {
  readonly repo: InboundRepo;
  private readonly t: InboundTiming;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<CycleResult> | null = null;
  private failures = 0;
  private closed = false;
  private startupBackfill = true;
  private readonly askedAt = new Map<string, number>();
  lastError: string | null = null;
  lastPullAt: number | null = null;

  constructor(private readonly deps: InboundDeps) {
    this.repo = new InboundRepo(deps.db);
    this.t = { ...INBOUND_TIMING, ...deps.timing };
  }

  /** Rows are read only once the send journal is folded into them. */
  private fold(): void {
    this.deps.reads?.foldJournal();
  }

  /**
   * The fold for the timer's cycles: a cycle poked as a 100,000-row batch ends found the whole
   * batch unfolded and folded it in one ~0.5 s stretch, so it folds in turns first.
   */
  private async foldInTurns(): Promise<void> {
    await this.deps.reads?.foldInTurns?.();
    this.fold();
  }

  /**
   * A scan of sent rows for ones still waiting: over a long history (a million rows waiting, or
   * a 100,000-row job whose receipts all came) it held the main thread 0.25–0.8 s each cycle,
   * so it runs in a worker then, on rows folded here first.
   */
  private async scan<T>(task: string, req: object, here: () => T): Promise<T> {
    await this.foldInTurns();
    const workers = this.deps.workers;
    if (!workers || rowsAbout(this.deps.db, 'job_rows') <= IN_PROCESS_ROWS) return here();
    return workers.run<T>(task, req);
  }

  /** Port for statistics: delivery counts per Beijing day of sends in [fromMs, toMs). */
  countsPerDay(sdkAppId: string, fromMs: number, toMs: number): DayCounts[] {
    this.fold();
    return this.repo.countsPerDay(sdkAppId, fromMs, toMs, this.deps.clock.now());
  }

  /** Port for statistics and the job screens: one job's delivery counts. */
  countsForJob(jobId: number): JobCounts {
    this.fold();
    return this.repo.countsForJob(jobId, this.deps.clock.now());
  }

  /** Port for crash reconcile: the receipts stored for these serial numbers. */
  receiptsFor(serialNos: string[]): Map<string, { phone: string; delivered: boolean; at: number }> {
    return this.repo.receiptsFor(serialNos);
  }

  /** Adds each sent row's receipt, worded as history words it (job result screens). */
  withReceipts<
    R extends {
      state: string;
      serialNo: string | null;
      sentAt: number | null;
      attemptedAt: number | null;
    },
  >(sdkAppId: string, rows: R[]): (R & { receipt: Receipt | null })[] {
    const serials = rows.filter((r) => r.state === 'sent' && r.serialNo).map((r) => r.serialNo!);
    const found = this.repo.receiptsOf(sdkAppId, serials);
    const expiredBefore = this.deps.clock.now() - RECEIPT_HORIZON_MS;
    return rows.map((r) => {
      if (r.state !== 'sent') return { ...r, receipt: null };
      const x = r.serialNo ? found.get(r.serialNo) : undefined;
      if (x) {
        return {
          ...r,
          receipt: {
            status: x.delivered ? 'delivered' : 'failed',
            description: x.description,
            at: x.at,
          },
        };
      }
      const at = r.sentAt ?? r.attemptedAt ?? 0;
      return {
        ...r,
        receipt: { status: at < expiredBefore ? 'expired' : 'waiting', description: '', at: null },
      };
    });
  }

  otherReceipts(sdkAppId: string, offset: number, limit: number) {
    this.fold();
    return this.repo.otherReceipts(sdkAppId, offset, limit);
  }

  /** Starts the schedule (the first cycle soon after start-up). */
  start(firstInMs = 1_000): void {
    this.schedule(firstInMs);
  }

  /** Something was sent: pull soon, unless a pull is already due sooner. */
  poke(): void {
    if (this.closed || this.running) return;
    this.schedule(this.t.busyMs, true);
  }

  close(): Promise<unknown> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.running ?? Promise.resolve();
  }

  /** One full cycle now (tests, and the timer). Concurrent callers share the running one. */
  cycle(): Promise<CycleResult> {
    if (!this.running) {
      this.running = this.runCycle().finally(() => (this.running = null));
    }
    return this.running;
  }

  private schedule(ms: number, onlyIfSooner = false): void {
    if (this.closed) return;
    const at = this.deps.clock.now() + ms;
    if (this.timer && onlyIfSooner && this.dueAt !== null && this.dueAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.dueAt = null;
      void this.cycle().then(
        (r) => {
          if (r.nextInMs !== null) this.schedule(r.nextInMs);
        },
        () => this.schedule(this.t.idleMs),
      );
    }, ms);
    this.timer.unref();
  }
  private dueAt: number | null = null;

  private async runCycle(): Promise<CycleResult> {
    const out: CycleResult = { receipts: 0, replies: 0, backfilled: 0, nextInMs: null };
    let g: InboundGateway;
    try {
      g = await this.deps.gateway();
    } catch (e) {
      return this.failed(out, 'gateway', e);
    }
    const app = g.sdkAppId;
    try {
      await this.foldInTurns();
      out.receipts += await this.drain(
        () => g.pullStatus(PULL_LIMIT),
        (items, now) => this.repo.storeReceipts(app, items, now),
        'receipts',
      );
      const now = this.deps.clock.now();
      if (this.repo.sentSince(app, now - RECEIPT_HORIZON_MS)) {
        out.replies += await this.drain(
          () => g.pullReplies(PULL_LIMIT),
          (items, at) => this.storeReplies(app, items, at).length,
          'replies',
        );
      }
      out.backfilled = await this.backfill(g, app);
    } catch (e) {
      return this.failed(out, 'pull', e);
    }
    this.failures = 0;
    this.lastError = null;
    this.lastPullAt = this.deps.clock.now();
    if (out.receipts + out.replies + out.backfilled > 0) {
      this.deps.events.emit('inbound.changed', {
        receipts: out.receipts + out.backfilled,
        replies: out.replies,
      });
    }
    await this.foldInTurns();
    out.nextInMs = await this.nextDelay(app);
    return out;
  }

  /** Pulls pages until one is short; each page is committed before the next pull. */
  private async drain<T>(
    pull: () => Promise<{ ok: true; value: T[] } | { ok: false; code: string }>,
    store: (items: T[], now: number) => number,
    what: 'receipts' | 'replies',
  ): Promise<number> {
    let n = 0;
    for (let page = 0; page < this.t.pagesPerCycle; page++) {
      const r = await pull();
      if (!r.ok) throw new PullError(r.code);
      if (r.value.length > 0) {
        n += this.deps.db.transaction(() => {
          const stored = store(r.value, this.deps.clock.now());
          this.deps.beforeCommit?.(what);
          return stored;
        })();
      }
      if (r.value.length < PULL_LIMIT) break;
    }
    return n;
  }

  private storeReplies(app: string, items: ReplyRecord[], now: number): ReplyRecord[] {
    const fresh = this.repo.storeReplies(app, items, now, (r) =>
      this.deps.optout.isOptOutReply(r.text),
    );
    const stops = fresh.filter((r) => this.deps.optout.isOptOutReply(r.text));
    if (stops.length > 0) {
      this.deps.optout.repo.add(
        app,
        stops.map((r) => ({ phone: r.phone, note: r.text })),
        'reply',
        now,
      );
    }
    return fresh;
  }

  /**
   * Asks Tencent by number about rows still waiting: after start-up every waiting row (a crash
   * may have lost pulled receipts), later only rows waiting longer than `backfillAfterMs`.
   */
  private async backfill(g: InboundGateway, app: string): Promise<number> {
    const now = this.deps.clock.now();
    const horizon = now - RECEIPT_HORIZON_MS + 60_000;
    const before = this.startupBackfill ? now : now - this.t.backfillAfterMs;
    const candidates = (
      await this.scan<PendingNumber[]>(
        'inbound.waitingNumbers',
        { sdkAppId: app, from: horizon, before, limit: this.t.backfillPerCycle * 4 },
        () => this.repo.waitingNumbers(app, horizon, before, this.t.backfillPerCycle * 4),
      )
    )
      .filter(
        (p) => now - (this.askedAt.get(`${app}:${p.phone}`) ?? -Infinity) >= this.t.backfillEveryMs,
      )
      .slice(0, this.t.backfillPerCycle);
    let stored = 0;
    for (const [i, p] of candidates.entries()) {
      if (i > 0) await (this.deps.sleep ?? delay)(this.t.backfillGapMs);
      // A minute before the earliest waiting send: Tencent's window is by send time.
      const begin = Math.max(p.since - 60_000, now - RECEIPT_HORIZON_MS + 60_000);
      const r = await g.pullStatusByPhone(p.phone, begin, this.deps.clock.now());
      if (!r.ok) throw new PullError(r.code);
      this.askedAt.set(`${app}:${p.phone}`, now);
      if (r.value.length > 0) {
        stored += this.deps.db.transaction(() =>
          this.repo.storeReceipts(app, r.value, this.deps.clock.now()),
        )();
      }
    }
    if (candidates.length < this.t.backfillPerCycle) this.startupBackfill = false;
    return stored;
  }

  private async nextDelay(app: string): Promise<number | null> {
    const now = this.deps.clock.now();
    const waiting = await this.scan<boolean>(
      'inbound.anyWaitingSince',
      { sdkAppId: app, since: now - this.t.recentMs },
      () => this.repo.anyWaitingSince(app, now - this.t.recentMs),
    );
    if (waiting) return this.t.busyMs;
    if (this.repo.sentSince(app, now - RECEIPT_HORIZON_MS)) return this.t.idleMs;
    return null;
  }

  private failed(out: CycleResult, stage: string, e: unknown): CycleResult {
    this.failures += 1;
    this.lastError = e instanceof PullError ? e.code : 'Local.Error';
    this.deps.logger.warn('inbound pull failed', {
      stage,
      code: this.lastError,
      failures: this.failures,
      error: e instanceof Error ? e.message.slice(0, 200) : typeof e,
    });
    out.nextInMs = Math.min(this.t.maxBackoffMs, this.t.busyMs * 2 ** this.failures);
    return out;
  }
}

class PullError extends Error {
  constructor(readonly code: string) {
    super(`pull failed: ${code}`);
  }
}

const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms).unref());
