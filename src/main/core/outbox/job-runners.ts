/** The outbox's runners, one per job that ran in this session, and what is asked of all of them. */
import type { JobProgress, JobSummary } from '../../../shared/api/outbox';
import type { EventBus } from '../kernel/events';
import type { LedgerScope } from '../ledger';
import { JobRunner, type RunnerDeps } from './engine/runner';
import type { JobRecord, JobTally, OutboxRepo } from './repo';

/** In-flight requests get this long to land when the app closes. */
const CLOSE_GRACE_MS = 3_000;

export class JobRunners {
  private readonly runners = new Map<number, JobRunner>();
  /** Per job, how often its rows changed outside a runner: a tally counted meanwhile is stale. */
  private readonly rowChanges = new Map<number, number>();

  constructor(
    private readonly base: Omit<RunnerDeps, 'scope'>,
    private readonly scopeOf: (job: JobRecord) => LedgerScope,
    private readonly repo: OutboxRepo,
    private readonly events: EventBus,
  ) {}

  get(jobId: number): JobRunner | undefined {
    return this.runners.get(jobId);
  }

  /** The job's runner, made on its first run. */
  runnerFor(job: JobRecord): JobRunner {
    let runner = this.runners.get(job.id);
    if (!runner) {
      runner = new JobRunner(job, { ...this.base, scope: this.scopeOf(job) });
      this.runners.set(job.id, runner);
    }
    return runner;
  }

  /** Wakes every timer (the machine woke up, or a test moved the clock). */
  poke(): void {
    for (const r of this.runners.values()) r.poke();
  }

  /** Resolves when every runner has no request in flight. */
  async idle(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.drained()));
  }

  /** A background write failed: every running job pauses with `code`; resuming tries again. */
  pauseRunning(code: string): void {
    for (const runner of this.runners.values()) if (runner.isActive) runner.pauseOnError(code);
  }

  /** The job's summary, with the running job's own figures when it keeps them. */
  summary(job: JobRecord): JobSummary {
    const runner = this.runners.get(job.id);
    return this.repo.summary(
      runner?.pausedInMemory ?? job,
      runner?.isActive ? runner.tally() : undefined,
    );
  }

  /** `summary` for a caller that can wait: rows without a running tally are counted by `count`. */
  async summaryInTurns(
    job: JobRecord,
    count: (job: JobRecord) => Promise<JobTally>,
  ): Promise<JobSummary> {
    const runner = this.runners.get(job.id);
    if (runner?.isActive) return this.summary(job);
    const tally = await count(job);
    // Started while it was counted: its own figures are the newer ones.
    if (this.runners.get(job.id)?.isActive) return this.summary(job);
    return this.repo.summary(this.runners.get(job.id)?.pausedInMemory ?? job, tally);
  }

  progressOf(job: JobRecord, tally?: JobTally): JobProgress {
    const runner = this.runners.get(job.id);
    if (runner) {
      runner.setJob(job);
      return runner.progress();
    }
    return {
      jobId: job.id,
      status: job.status,
      pausedReason: job.pausedReason,
      total: job.total,
      counts: tally?.counts ?? this.repo.counts(job.id),
      ratePerSec: 0,
      etaMs: null,
      nextDueAt: null,
    };
  }

  /**
   * Held rows the user will not wait for become cancelled. The runner's wake timer reads held
   * rows from the table, so it never releases them; the poke lets it finish a job with nothing
   * left to wait for.
   */
  cancelHeld(job: JobRecord, rowNos: readonly number[]): { affected: number } {
    const affected = this.base.rowStates.cancelHeldIn(job.id, rowNos, this.base.clock.now());
    this.announce(job);
    this.runners.get(job.id)?.poke();
    return { affected };
  }

  /**
   * A fresh `job.progress` after a control call or a change of rows; `tally`: the job's rows
   * counted already (in turns), else they are counted here.
   */
  announce(job: JobRecord, tally?: JobTally): void {
    this.noteRowsChanged(job.id);
    const runner = this.runners.get(job.id);
    if (runner) {
      runner.reloadCounts(tally);
      runner.announce();
      return;
    }
    const progress = this.progressOf(job, tally);
    this.events.emit('job.progress', progress);
  }

  /** Rows of the job changed outside its runner (every such change also announces or reloads). */
  noteRowsChanged(jobId: number): void {
    this.rowChanges.set(jobId, (this.rowChanges.get(jobId) ?? 0) + 1);
  }

  /** Compared before and after counting a job's rows in turns: equal, nothing moved them. */
  rowsGeneration(jobId: number): number {
    return this.rowChanges.get(jobId) ?? 0;
  }

  /**
   * Stops every runner. In-flight requests get a moment to land; anything later stays
   * `sending` and is recovered as `unknown` at the next start, which is the safe side.
   */
  async close(): Promise<void> {
    const drains = [...this.runners.values()].map((r) => r.stop());
    await Promise.race([Promise.all(drains), new Promise((r) => setTimeout(r, CLOSE_GRACE_MS))]);
    for (const r of this.runners.values()) r.dispose();
  }
}
