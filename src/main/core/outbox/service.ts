// Over 400 lines on purpose: the outbox's one public face (every job.* call), each method a thin step into engine/, job-*.ts and row-states.ts where the work lives.
import type {
  JobCreateInput,
  JobPlan,
  JobProgress,
  JobRow,
  JobRowInput,
  JobStatus,
  JobSummary,
  RowState,
} from '../../../shared/api/outbox';
import { honoursOptOut } from './opt-out-rule';
import { AppError } from '../../../shared/errors';
import { createLedgerRoom, type LedgerScope, type LedgerService } from '../ledger';
import { WalDurability, type SendDurability } from '../store/durability';
import { JobRunners } from './job-runners';
import { JobCreation } from './create-from-import';
import { planJob } from './job-plan';
import { createSendJournal, type SendJournalParts } from './send-journal';
import { systemBootId } from './boot-id';
import { LeavingMarks } from './leaving-marks';
import { noLocalReceipts } from './local-receipts';
import { RateLimiter } from './rate-limiter';
import { Reconciler } from './reconcile';
import { ReconcileJobs } from './reconcile-jobs';
import { recoverAfterCrash } from './recovery';
import { OutboxRepo, type JobRecord, type JobTally } from './repo';
import { RowPositions } from './row-positions';
import { skipOptedOutAtCreate } from './opt-out-at-create';
import { countBeforeStart } from './count-before-start';
import { retryFailedInTurns } from './retry-in-turns';
import type { RowStates } from './row-states';
import { tallyInTurns } from './tally-in-turns';
import { messageOf } from './read-model';
import { CancelInTurns } from './cancel-in-turns';
import { IN_PROCESS_ROWS } from '../kernel/worker-run';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { realScheduler, type Scheduler } from './scheduler';
import { ScheduledJobs } from './schedule';
import { afterRowsPending } from './pending-again';

/** 重发结果未知的行 trusts a check with Tencent this recent, instead of asking again. */
const RESEND_RECHECK_AFTER_MS = 2 * 60_000;
/** Rows per slice of a filtered `job.rows` page: a few milliseconds of counting each. */
const FILTER_SLICE_ROWS = 32_768;

import { RECONCILE_RATE_PER_SEC, SEND_RATE_PER_SEC, type OutboxDeps } from './deps';
import { nextTurn } from '../kernel/next-turn';

export { RECONCILE_RATE_PER_SEC, SEND_RATE_PER_SEC, type OutboxDeps };

/**
 * The outbox: creates jobs (idempotently), plans, runs them through one runner per job,
 * reconciles unknown rows, and recovers after a crash. The only sender in the app.
 */
export class OutboxService {
  readonly ledger: LedgerService;
  readonly sendJournal: SendJournalParts;
  readonly repo: OutboxRepo;
  private readonly durability: SendDurability;
  private readonly marks: LeavingMarks;
  private readonly reconciling: ReconcileJobs;
  private readonly runners: JobRunners;
  /**
   * Figures of jobs created in this session and not started yet. A draft's rows change only
   * when it starts (cancelling ends it), so its first start needs no scan of its rows.
   */
  private readonly draftTallies = new Map<number, JobTally>();
  private readonly creating: JobCreation;
  private readonly scheduler: Scheduler;
  private readonly retry: RetryPolicy;
  private readonly sendLimiter: RateLimiter;
  private readonly positions: RowPositions;
  private readonly cancelling: CancelInTurns;
  private closed = false;
  readonly scheduled: ScheduledJobs;
  /** Requests the last `recover()` found journaled but never gone (their rows pending again). */
  neverLeft = 0;
  /** Background reconcile started by `recover()`; tests await it. */
  recovered: Promise<void> = Promise.resolve();

  constructor(private readonly deps: OutboxDeps) {
    this.creating = new JobCreation(deps.db, deps.createFromImport);
    this.sendJournal = deps.sendJournal ?? createSendJournal(deps.db, deps.logger);
    const { journal, reads } = this.sendJournal;
    this.durability = deps.durability ?? new WalDurability(deps.db);
    // Beside the database file: `sms-desk.db-leaving` (none for an in-memory database).
    this.marks = new LeavingMarks(
      deps.db.memory ? null : `${deps.db.name}-leaving`,
      deps.bootId ?? systemBootId,
    );
    this.ledger =
      deps.ledger ??
      createLedgerRoom({
        db: deps.db,
        clock: deps.clock,
        unfolded: journal.overlay,
        reads,
        currentSdkAppId: async () => (await deps.gateway()).sdkAppId,
        rules: deps.rules,
      });
    journal.onSends = (sdkAppId, phones, claimedIn) =>
      this.ledger.repo.noteStored(sdkAppId, phones, claimedIn);
    reads.onBackgroundError = (code) => this.runners.pauseRunning(code);
    this.repo = new OutboxRepo(deps.db, reads);
    this.positions = new RowPositions(deps.db);
    this.cancelling = new CancelInTurns(deps.db, this.sendJournal.rowStates, this.positions);
    this.scheduler = deps.scheduler ?? realScheduler;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
    this.sendLimiter = new RateLimiter(deps.sendRatePerSec ?? SEND_RATE_PER_SEC);
    this.scheduled = new ScheduledJobs(this, { ...deps, scheduler: this.scheduler });
    const reconciler = new Reconciler({
      db: deps.db,
      clock: deps.clock,
      ledger: this.ledger,
      rowStates: this.sendJournal.rowStates,
      events: deps.events,
      logger: deps.logger,
      limiters: {
        pull: new RateLimiter(deps.reconcileRatePerSec ?? RECONCILE_RATE_PER_SEC),
        describe: new RateLimiter(deps.reconcileRatePerSec ?? RECONCILE_RATE_PER_SEC),
      },
      receipts: deps.localReceipts ?? noLocalReceipts,
      reads,
    });
    this.reconciling = new ReconcileJobs({
      repo: this.repo,
      reconciler,
      logger: deps.logger,
      scheduler: this.scheduler,
      gateway: deps.gateway,
      job: (id) => this.mustJob(id),
      scopeOf: (job) => this.scopeOf(job),
      announce: (id) => this.announce(id),
      // Each row waits for two answers at once; 8 rows in parallel keep both paces busy.
      concurrency: deps.reconcileConcurrency ?? 8,
      firstDelayMs: deps.reconcileDelayMs ?? 5_000,
      progress: (p) => deps.events.emit('job.reconcileProgress', p),
      now: () => deps.clock.now(),
    });
    this.runners = new JobRunners(
      {
        db: deps.db,
        repo: this.repo,
        rowStates: this.sendJournal.rowStates,
        reads,
        clock: deps.clock,
        ledger: this.ledger,
        gateway: deps.gateway,
        events: deps.events,
        logger: deps.logger,
        scheduler: this.scheduler,
        limiter: this.sendLimiter,
        retry: this.retry,
        journal,
        durability: this.durability,
        ...(deps.optOut ? { optOut: deps.optOut } : {}),
        onUnknown: (jobId, rowNos) => this.reconciling.later(jobId, rowNos),
        markLeaving: (e) => this.marks.mark(e),
      },
      (job) => this.scopeOf(job),
      this.repo,
      deps.events,
    );
  }

  get journal(): SendJournalParts['journal'] {
    return this.sendJournal.journal;
  }

  get reads(): SendJournalParts['reads'] {
    return this.sendJournal.reads;
  }

  /**
   * Crash recovery: rows journaled as `sending` may or may not have left, so they become
   * `unknown`; running jobs come back paused as interrupted. Then unknown rows are reconciled
   * in the background. Nothing is re-sent here.
   */
  recover(): { unknownRows: number; interruptedJobs: number } {
    const { toReconcile, neverLeft, ...figures } = recoverAfterCrash(
      this.deps.db,
      { ...this.sendJournal, marks: this.marks },
      this.deps.clock.now(),
    );
    this.cancelling.finishCancels(this.deps.clock.now());
    if (toReconcile.length > 0) this.recovered = this.reconciling.reconcileJobs(toReconcile);
    this.scheduled.resume();
    this.neverLeft = neverLeft;
    return figures;
  }

  async create(input: JobCreateInput): Promise<{ job: JobSummary; created: boolean }> {
    const existing = this.repo.jobByKey(input.idempotencyKey);
    if (existing) return { job: await this.summaryInTurns(existing), created: false };
    // The re-send guard reads the ledger table.
    this.reads.foldJournal();
    const gateway = await this.deps.gateway();
    const made = await this.creating.create(
      input,
      gateway.sdkAppId,
      this.deps.clock.now(),
      () => input.rows ?? this.rowsOfImport(input.importId),
    );
    const job = this.mustJob(made.id);
    if (!made.created) return { job: await this.summaryInTurns(job), created: false };
    if (this.deps.optOut && honoursOptOut(job))
      await skipOptedOutAtCreate(this.rowParts(), job, this.deps.clock.now());
    // A draft nothing else writes to yet: counted in turns when long, exact all the same.
    const tally = await this.countInTurns(job);
    this.draftTallies.set(job.id, tally);
    return { job: this.repo.summary(job, tally), created: true };
  }

  private rowsOfImport(importId: string | undefined): Iterable<JobRowInput> {
    if (importId === undefined || !this.deps.importRows) {
      throw new AppError('import_unavailable', 'outbox.errors.importUnavailable');
    }
    return this.deps.importRows(importId);
  }

  /** Pre-flight: what starting the job now would do, without sending anything. */
  plan(jobId: number): JobPlan {
    const job = this.mustJob(jobId);
    this.reads.foldJournal();
    return planJob(this.deps.db, this.ledger, job, this.scopeOf(job), this.deps.clock.now());
  }

  /**
   * `job.plan`: reads every row of the job (and asks the ledger about each number), which for
   * a job made from a million-row list held the main thread for seconds; a long one is planned
   * in a worker thread (`deps.planElsewhere`) after the journal is folded in turns.
   */
  async planInTurns(jobId: number): Promise<JobPlan> {
    const job = this.mustJob(jobId);
    await this.reads.foldInTurns?.();
    this.reads.foldJournal();
    const now = this.deps.clock.now();
    const scope = this.scopeOf(job);
    return (
      this.deps.planElsewhere?.(job, scope, now) ??
      planJob(this.deps.db, this.ledger, job, scope, now)
    );
  }

  async start(jobId: number): Promise<JobSummary> {
    const job = this.mustJob(jobId);
    // `running` on file without a runner sending: a pause the full disk did not let us write.
    if (job.status === 'running' && this.runners.get(jobId)?.pausedInMemory == null)
      return this.summaryInTurns(job);
    if (
      job.status !== 'draft' &&
      job.status !== 'running' &&
      job.status !== 'paused' &&
      job.status !== 'scheduled'
    ) {
      throw new AppError('job_not_startable', 'outbox.errors.notStartable', { status: job.status });
    }
    await this.run(job);
    return this.summaryInTurns(this.mustJob(jobId));
  }

  resume(jobId: number): Promise<JobSummary> {
    return this.start(jobId);
  }

  async pause(jobId: number): Promise<JobSummary> {
    const job = this.mustJob(jobId);
    if (job.status !== 'running') return this.summaryInTurns(job);
    const runner = this.runners.get(jobId);
    const drained = runner?.stop();
    this.repo.setStatus(jobId, 'paused', this.deps.clock.now(), { pausedReason: 'user' });
    if (!runner) {
      await this.announceInTurns(jobId);
      return this.summaryInTurns(this.mustJob(jobId));
    }
    // The runner's own figures, which it keeps exact as the requests in flight land. A count of
    // a long job's rows in turns would see some of them land midway, and showed a paused job
    // with rows still "sending" that had long been sent. Once they have all landed, the last
    // figures go out too (the runner's own events as they land are paced).
    runner.announce();
    void drained?.then(() => runner.announce());
    return this.repo.summary(this.mustJob(jobId), runner.tally());
  }

  async cancel(jobId: number): Promise<JobSummary> {
    const job = this.mustJob(jobId);
    if (job.status === 'cancelled') {
      if (this.cancelling.unfinished(jobId)) {
        await this.cancelling.cancelOpen(jobId, this.deps.clock.now());
        await this.announceInTurns(jobId);
      }
      return this.summaryInTurns(this.mustJob(jobId));
    }
    this.draftTallies.delete(jobId);
    const drained = this.runners.get(jobId)?.stop({ cancel: true });
    await this.reads.foldInTurns?.();
    const now = this.deps.clock.now();
    // A long job's open rows are cancelled in turns after this (cancel-in-turns.ts).
    const inTurns = job.total > IN_PROCESS_ROWS;
    this.deps.db.transaction(() => {
      // Rows of requests in flight must read `sending` first, or they would be cancelled.
      this.reads.foldJournal();
      if (inTurns) this.cancelling.begin(jobId);
      else this.sendJournal.rowStates.cancelOpen(jobId, now);
      this.repo.setStatus(jobId, 'cancelled', now);
    })();
    if (inTurns) await this.cancelling.cancelOpen(jobId, now);
    await this.announceInTurns(jobId);
    void drained
      ?.then(() => this.announceInTurns(jobId))
      .catch((e: unknown) =>
        this.deps.logger.error('outbox could not announce a cancel', {
          jobId,
          error: messageOf(e),
        }),
      );
    return this.summaryInTurns(this.mustJob(jobId));
  }

  /** Held numbers the user will not wait for; the rest go on (and may finish the job). */
  cancelHeld(jobId: number, rowNos: number[]): { affected: number } {
    return this.runners.cancelHeld(this.mustJob(jobId), rowNos);
  }

  get(jobId: number): JobSummary {
    return this.summary(this.mustJob(jobId));
  }

  list(offset: number, limit: number, status?: JobStatus): { items: JobSummary[]; total: number } {
    const { jobs, total } = this.repo.listJobs(offset, limit, status);
    return { items: jobs.map((j) => this.summary(j)), total };
  }

  /** `job.get` and `job.list`: as `get` and `list`, with long jobs counted in turns. */
  getInTurns(jobId: number): Promise<JobSummary> {
    return this.summaryInTurns(this.mustJob(jobId));
  }

  async listInTurns(
    offset: number,
    limit: number,
    status?: JobStatus,
  ): Promise<{ items: JobSummary[]; total: number }> {
    const { jobs, total } = this.repo.listJobs(offset, limit, status);
    const items: JobSummary[] = [];
    for (const j of jobs) items.push(await this.summaryInTurns(j));
    return { items, total };
  }

  private summaryInTurns(job: JobRecord): Promise<JobSummary> {
    return this.runners.summaryInTurns(job, (j) => this.countInTurns(j));
  }

  /**
   * Answers still landing move rows between the slices (a paused long job showed rows
   * "sending" that had long been sent), so a count during which the job's runner moved rows
   * is taken again; if they keep landing, the rows are counted at once, exactly. Waiting for
   * the runner to drain instead could wait on a disk that does not answer.
   */
  private async countInTurns(job: JobRecord): Promise<JobTally> {
    const runner = this.runners.get(job.id);
    const parts = { repo: this.repo, positions: this.positions, reads: this.reads };
    for (let attempt = 0; attempt < 3; attempt++) {
      const moves = runner?.rowMoves;
      const tally = await tallyInTurns(parts, job.id, job.total);
      if (runner?.rowMoves === moves) return tally;
    }
    return this.repo.tally(job.id);
  }

  rows(
    jobId: number,
    states: RowState[] | undefined,
    offset: number,
    limit: number,
    retrySafeOnly = false,
  ): { items: JobRow[]; total: number } {
    this.mustJob(jobId);
    return this.repo.rows(jobId, states, offset, limit, retrySafeOnly);
  }

  /**
   * `job.rows`: a page of every row is found through the job's row positions (an index seek
   * however deep the page); a page of some states only is still counted and walked by SQL.
   */
  async rowsPage(
    jobId: number,
    states: RowState[] | undefined,
    offset: number,
    limit: number,
    retrySafeOnly = false,
  ): Promise<{ items: JobRow[]; total: number }> {
    this.mustJob(jobId);
    await this.sendJournal.reads.foldInTurns();
    if ((states && states.length > 0) || retrySafeOnly) {
      return this.filteredPage(jobId, states, offset, limit, retrySafeOnly);
    }
    const { rowNo, total } = await this.positions.at(jobId, offset);
    if (rowNo === null) return { items: [], total };
    return { items: this.repo.rowsFrom(jobId, rowNo, RowPositions.skipFrom(offset), limit), total };
  }

  /**
   * A page of some states: no index has the state (it would cost the send path a B-tree write
   * per row), so the job's rows are counted slice by slice, a turn of the event loop between,
   * instead of one COUNT and OFFSET walk over all of them (a quarter second at a million).
   */
  private async filteredPage(
    jobId: number,
    states: RowState[] | undefined,
    offset: number,
    limit: number,
    retrySafeOnly: boolean,
  ): Promise<{ items: JobRow[]; total: number }> {
    const starts = await this.positions.slices(
      jobId,
      this.deps.filterSliceRows ?? FILTER_SLICE_ROWS,
    );
    const items: JobRow[] = [];
    let total = 0;
    for (let i = 0; i < starts.length; i++) {
      if (i > 0) await nextTurn();
      this.reads.foldJournal();
      const slice = this.repo.filteredIn(
        jobId,
        states,
        retrySafeOnly,
        starts[i]!,
        starts[i + 1] ?? null,
        Math.max(0, offset - total),
        limit - items.length,
      );
      items.push(...slice.items);
      total += slice.count;
    }
    return { items, total };
  }

  /** The account a job was sent from, without counting its rows as a summary does. */
  sdkAppIdOf(jobId: number): string {
    return this.mustJob(jobId).sdkAppId;
  }

  /** Failed rows where nothing was sent go back to pending; the job runs again. */
  async retryFailed(jobId: number, rowNos?: number[]): Promise<{ affected: number }> {
    const job = this.mustJob(jobId);
    if (job.status === 'cancelled') throw new AppError('job_cancelled', 'outbox.errors.cancelled');
    if (rowNos === undefined && job.total > IN_PROCESS_ROWS) {
      this.draftTallies.delete(jobId);
      const parts = { ...this.rowParts(), db: this.deps.db, reads: this.reads };
      const affected = await retryFailedInTurns(parts, jobId, this.deps.clock.now());
      this.runners.noteRowsChanged(jobId);
      // A runner sending needs its counts now; one at rest recounts as it starts.
      if (this.runners.get(jobId)?.isActive) this.runners.get(jobId)?.reloadCounts();
      if (affected > 0) await this.wake(job);
      return { affected };
    }
    const rows = this.repo.rowsIn(jobId, 'failed', rowNos).filter((r) => r.retry_safe === 1);
    const nos = rows.map((r) => r.row_no);
    const affected = this.toPending(jobId, nos, 'failed');
    if (affected > 0) await this.wake(job);
    return { affected };
  }

  /**
   * The user's explicit choice to re-send rows whose outcome is unknown. They are checked with
   * Tencent once more first; only rows still unknown become pending, and each is sent once
   * (a second click finds them no longer unknown).
   */
  async resendUnknown(jobId: number, rowNos?: number[]): Promise<{ affected: number }> {
    const job = this.mustJob(jobId);
    if (job.status === 'cancelled') throw new AppError('job_cancelled', 'outbox.errors.cancelled');
    // Rows checked in the last minutes (after a restart, or the user's 核对) are not asked again.
    await this.reconciling.reconcile(jobId, rowNos, {
      skipCheckedWithinMs: RESEND_RECHECK_AFTER_MS,
    });
    const rows = this.repo.rowsIn(jobId, 'unknown', rowNos);
    const nos = rows.map((r) => r.row_no);
    const affected = this.toPending(jobId, nos, 'unknown');
    if (affected > 0) await this.wake(job);
    return { affected };
  }

  reconcile(jobId: number, rowNos?: number[]): Promise<{ checked: number; confirmed: number }> {
    return this.reconciling.reconcile(jobId, rowNos);
  }

  /** Wakes every timer (the machine woke up, or a test moved the clock). */
  poke(): void {
    this.runners.poke();
    this.scheduled.check();
  }

  /** Resolves when every runner has no request in flight. */
  idle(): Promise<void> {
    return this.runners.idle();
  }

  progressOf(jobId: number): JobProgress {
    return this.runners.progressOf(this.mustJob(jobId));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduled.close();
    this.reconciling.close();
    await this.runners.close();
    this.reads.close();
    this.durability.close();
    this.marks.close();
    try {
      // Leaves the tables exact for whoever opens them next; recovery would do it otherwise.
      this.reads.foldJournal();
    } catch (e) {
      this.deps.logger.warn('journal fold on close failed', {
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }

  private toPending(jobId: number, rowNos: number[], from: RowState): number {
    if (rowNos.length === 0) return 0;
    this.draftTallies.delete(jobId);
    const now = this.deps.clock.now();
    const affected = this.deps.db.transaction(() =>
      this.sendJournal.rowStates.backToPending(jobId, rowNos, from, now),
    )();
    this.runners.noteRowsChanged(jobId);
    this.runners.get(jobId)?.reloadCounts();
    return affected;
  }

  /** After rows became pending again: feed a running job, or run a finished/interrupted one. */
  private async wake(job: JobRecord): Promise<void> {
    const fresh = this.mustJob(job.id);
    const runner = this.runners.get(job.id);
    const next = afterRowsPending(fresh, runner?.isActive === true);
    if (next === 'feed') runner?.enqueuePending();
    else if (next === 'run') await this.run(fresh);
    else await this.announceInTurns(job.id);
  }

  private rowParts(): { rowStates: RowStates; positions: RowPositions } {
    return { rowStates: this.sendJournal.rowStates, positions: this.positions };
  }

  private async run(job: JobRecord): Promise<void> {
    const gateway = await this.deps.gateway();
    this.ledger.noteAppInEffect(gateway.sdkAppId);
    if (gateway.sdkAppId !== job.sdkAppId) {
      // Ledger and reconcile are per SdkAppId: sending a job through another app would mix them.
      throw new AppError('job_other_app', 'outbox.errors.otherApp', { sdkAppId: job.sdkAppId });
    }
    await this.ledger.repo.warmStored(job.sdkAppId, this.deps.clock.now());
    // A draft's figures are known from its creation.
    const counted =
      job.status === 'draft' && this.draftTallies.has(job.id)
        ? null
        : await countBeforeStart(this.runners, job, (j) => this.countInTurns(j));
    const current = this.mustJob(job.id);
    if (current.status !== job.status) {
      // Changed while we waited: a cancel stands; a second start got there first.
      if (current.status === 'running') return;
      throw new AppError('job_not_startable', 'outbox.errors.notStartable', {
        status: current.status,
      });
    }
    const draft = job.status === 'draft' ? this.draftTallies.get(job.id) : undefined;
    // Asked before the runner is made: a runner made meanwhile means someone else started it.
    const known = draft ?? counted?.();
    this.draftTallies.delete(job.id);
    this.repo.setStatus(job.id, 'running', this.deps.clock.now());
    const runner = this.runners.runnerFor(this.mustJob(job.id));
    runner.start(known);
    runner.announce();
  }

  private announce(jobId: number): void {
    this.runners.announce(this.mustJob(jobId));
  }

  /** `announce` with the rows counted in turns (tally-in-turns.ts). */
  private async announceInTurns(jobId: number): Promise<void> {
    const job = this.mustJob(jobId);
    const tally = await this.countInTurns(job);
    this.runners.announce(this.mustJob(jobId), tally);
  }

  private scopeOf(job: JobRecord): LedgerScope {
    return { sdkAppId: job.sdkAppId, rules: this.deps.rules() };
  }

  private mustJob(id: number): JobRecord {
    const job = this.repo.jobById(id);
    if (!job) throw new AppError('job_not_found', 'outbox.errors.notFound', { jobId: id });
    return job;
  }

  private summary(job: JobRecord): JobSummary {
    return this.runners.summary(job);
  }
}
