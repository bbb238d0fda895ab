/**
 * Reconciling a job's unknown rows with Tencent: on request, after a crash, and shortly after
 * rows end `unknown` (Tencent's records can lag), each check through reconcile.ts.
 */
import { AppError } from '../../../shared/errors';
import type { SmsGateway } from '../gateway/types';
import type { LedgerScope } from '../ledger';
import type { Logger } from '../kernel/log';
import type { ReconcileProgress } from '../../../shared/api/recovery';
import type { Reconciler, ReconcileOutcome } from './reconcile';
import type { JobRecord, OutboxRepo } from './repo';
import type { Scheduler } from './scheduler';

/** A minute after the first check, unknown rows are checked once more. */
const SECOND_CHECK_AFTER_MS = 60_000;

export interface ReconcileJobsDeps {
  repo: OutboxRepo;
  reconciler: Reconciler;
  logger: Logger;
  scheduler: Scheduler;
  gateway: () => SmsGateway | Promise<SmsGateway>;
  job(jobId: number): JobRecord;
  scopeOf(job: JobRecord): LedgerScope;
  /** Rows changed: tell the job's watchers. */
  announce(jobId: number): void;
  /** Calls in parallel (still under the rate). */
  concurrency: number;
  /** Wait before checking rows that just ended `unknown`. */
  firstDelayMs: number;
  /** How far a pass has come, for the job's screen (throttled here). */
  progress(p: ReconcileProgress): void;
  now(): number;
}

/** Progress events at most this often while a pass runs (plus its first and last). */
const PROGRESS_EVERY_MS = 250;

export interface ReconcileOptions {
  /** Rows checked with Tencent this recently are taken as checked (the re-send's own pass). */
  skipCheckedWithinMs?: number;
}

export class ReconcileJobs {
  private readonly timers = new Set<() => void>();
  private closed = false;

  constructor(private readonly deps: ReconcileJobsDeps) {}

  async reconcile(
    jobId: number,
    rowNos?: number[],
    opts: ReconcileOptions = {},
  ): Promise<{ checked: number; confirmed: number }> {
    const job = this.deps.job(jobId);
    const since = this.deps.now() - (opts.skipCheckedWithinMs ?? -1);
    const rows = this.deps.repo
      .rowsIn(jobId, 'unknown', rowNos)
      .filter((r) => opts.skipCheckedWithinMs === undefined || (r.reconciled_at ?? -1) < since);
    if (rows.length === 0) return { checked: 0, confirmed: 0 };
    const gateway = await this.deps.gateway();
    if (gateway.sdkAppId !== job.sdkAppId) {
      // Tencent's records are per SdkAppId: looking in another app would find nothing (or worse).
      throw new AppError('job_other_app', 'outbox.errors.otherApp', { sdkAppId: job.sdkAppId });
    }
    const scope = this.deps.scopeOf(job);
    let next = 0;
    let confirmed = 0;
    let checked = 0;
    let done = 0;
    let lastEmit = 0;
    const emit = (final: boolean): void => {
      const t = Date.now();
      if (!final && t - lastEmit < PROGRESS_EVERY_MS) return;
      lastEmit = t;
      this.deps.progress({ jobId, total: rows.length, checked: done, confirmed, done: final });
    };
    emit(false);
    const worker = async (): Promise<void> => {
      while (next < rows.length && !this.closed) {
        const row = rows[next++]!;
        const out: ReconcileOutcome = await this.deps.reconciler.check(
          gateway,
          scope,
          job.templateId,
          row,
        );
        done++;
        if (out !== 'skipped') checked++;
        if (out === 'confirmed') confirmed++;
        emit(false);
      }
    };
    const n = Math.max(1, this.deps.concurrency);
    try {
      await Promise.all(Array.from({ length: Math.min(n, rows.length) }, worker));
    } finally {
      emit(true);
    }
    if (confirmed > 0) this.deps.announce(jobId);
    return { checked, confirmed };
  }

  /** Reconciles each job in turn (after a restart); failures are logged, the rows stay unknown. */
  async reconcileJobs(jobIds: readonly number[]): Promise<void> {
    for (const jobId of jobIds) {
      if (this.closed) return;
      try {
        await this.reconcile(jobId);
      } catch (e) {
        this.deps.logger.warn('reconcile after restart failed', { jobId, code: codeOf(e) });
      }
    }
  }

  /**
   * Rows that just ended `unknown` are checked after a short delay and once more a minute later
   * (Tencent's records can lag); what is still not found waits for the user. A check that
   * fails (no network, a database error) is logged and the rows stay `unknown`: never a crash.
   */
  later(jobId: number, rowNos: number[]): void {
    if (this.closed) return;
    const first = this.deps.firstDelayMs;
    for (const delay of [first, first + SECOND_CHECK_AFTER_MS]) {
      const cancel = this.deps.scheduler.after(delay, () => {
        this.timers.delete(cancel);
        this.reconcile(jobId, rowNos).catch((e: unknown) => {
          this.deps.logger.warn('reconcile failed', { jobId, code: codeOf(e) });
        });
      });
      this.timers.add(cancel);
    }
  }

  close(): void {
    this.closed = true;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
  }
}

const codeOf = (e: unknown): string => (e instanceof AppError ? e.code : 'internal');
