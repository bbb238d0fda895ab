/** A running job's figures (counts by state, fees) and its throttled `job.progress` events. */
import { performance } from 'node:perf_hooks';
import type { JobProgress, StateCounts } from '../../../../shared/api/outbox';
import type { EventBus } from '../../kernel/events';
import { emptyCounts, type JobRecord, type JobTally } from '../repo';

/** At most this many progress events a second per job. */
const EMIT_EVERY_MS = 100;
/** The rate is measured over about this much recent time. */
const RATE_WINDOW_MS = 5_000;

export interface ProgressSource {
  job(): JobRecord;
  /** When the earliest held row comes due, if any. */
  nextWakeAt(): number | null;
}

export class ProgressMeter {
  /** Kept with the job, so a running job's summary needs no scan of its rows. */
  counts: StateCounts = emptyCounts();
  /** Times rows moved between states by the runner (answers landing, requests called back). */
  moves = 0;
  private feeTotal = 0;
  private recentDuplicates = 0;
  private lastEmit = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly samples: { t: number; finished: number }[] = [];

  constructor(
    private readonly jobId: number,
    private readonly source: ProgressSource,
    private readonly events: EventBus,
  ) {}

  useTally(t: JobTally): void {
    this.counts = { ...t.counts };
    this.feeTotal = t.feeTotal;
    this.recentDuplicates = t.recentDuplicates;
  }

  tally(): JobTally {
    return {
      counts: { ...this.counts },
      feeTotal: this.feeTotal,
      recentDuplicates: this.recentDuplicates,
    };
  }

  move(from: keyof StateCounts, to: keyof StateCounts, n = 1): void {
    this.counts[from] -= n;
    this.counts[to] += n;
    if (n !== 0) this.moves++;
  }

  addFee(fee: number): void {
    this.feeTotal += fee;
  }

  /** Rows that reached an end state. */
  finishedRows(): number {
    const c = this.counts;
    return c.sent + c.failed + c.unknown + c.skipped + c.cancelled;
  }

  progress(): JobProgress {
    const finished = this.finishedRows();
    const t = performance.now();
    this.samples.push({ t, finished });
    while (this.samples.length > 2 && t - this.samples[0]!.t > RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const dt = (t - first.t) / 1000;
    const rate = dt > 0.2 ? Math.max(0, (finished - first.finished) / dt) : 0;
    const left = this.counts.pending + this.counts.sending;
    const job = this.source.job();
    return {
      jobId: this.jobId,
      status: job.status,
      pausedReason: job.pausedReason,
      total: job.total,
      counts: { ...this.counts },
      ratePerSec: Math.round(rate * 10) / 10,
      etaMs: rate > 0 && left > 0 ? Math.round((left / rate) * 1000) : left === 0 ? 0 : null,
      nextDueAt: this.counts.held > 0 ? this.source.nextWakeAt() : null,
    };
  }

  /** Emits `job.progress`: now when `force`, else at most every 100 ms (a timer sends the last). */
  emit(force: boolean): void {
    const t = performance.now();
    if (!force && t - this.lastEmit < EMIT_EVERY_MS) {
      if (!this.timer) {
        this.timer = setTimeout(
          () => {
            this.timer = null;
            this.emit(true);
          },
          EMIT_EVERY_MS - (t - this.lastEmit),
        );
      }
      return;
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.lastEmit = t;
    this.events.emit('job.progress', this.progress());
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
