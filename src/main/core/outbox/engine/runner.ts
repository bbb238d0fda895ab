/**
 * One job's send loop and its lifecycle (start, stop, finish, pause on error). A single flush
 * loop owns every write: it records the answers that came back and journals the next requests
 * in ONE transaction, then lets those requests go once that commit is on disk and a place on
 * the wire is free (wire-slots.ts). So the journal always precedes the send on disk, results
 * and ledger entries are committed together, and the event loop never waits for the disk. One
 * round of requests is journaled ahead; pausing or cancelling withdraws those not yet gone.
 */
import type { JobProgress } from '../../../../shared/api/outbox';
import type { CooldownItem } from '../../../../shared/api/cooldown';
import { LOCAL_CODES } from '../../../../shared/tencent-errors';
import { messageOf } from '../read-model';
import { pauseCodeOf } from '../pause-code';
import type { JobRecord, JobTally } from '../repo';
import type { AnswerEffects, OutcomeRecorder } from './outcomes';
import { buildEngineParts, type RunnerDeps } from './parts';
import type { RowPager } from './pager';
import type { RequestPlanner } from './planner';
import type { ProgressMeter } from './progress';
import type { AnsweredRequest, JournaledRequest } from './request';
import type { RequestSender } from './sender';
import type { HeldRowsWake } from './wake';
import type { WireSlots } from './wire-slots';
import type { Withdrawals } from './withdrawals';

export type { RunnerDeps } from './parts';

/**
 * Requests journaled ahead, per place on the wire: the next round is on disk while the current
 * one is at Tencent, so a free place is refilled at once instead of after a flush and a disk
 * sync. The price: after a crash, a request journaled but not yet sent reads `unknown` like
 * one in flight (at most this many rounds more), and reconcile cannot confirm it.
 */
const ROUNDS_AHEAD = 1;

export class JobRunner {
  readonly jobId: number;
  private job: JobRecord;
  private readonly meter: ProgressMeter;
  private readonly pager: RowPager;
  private readonly slots: WireSlots;
  private readonly outcomes: OutcomeRecorder;
  private readonly planner: RequestPlanner;
  private readonly sender: RequestSender;
  /** Journaled requests without an answer: on the wire, or journaled ahead. */
  private inFlight = 0;
  private answers: AnsweredRequest[] = [];
  private active = false;
  private cancelled = false;
  private flushQueued = false;
  private drainWaiters: (() => void)[] = [];
  private readonly wake: HeldRowsWake;
  private readonly withdrawals: Withdrawals;
  /** The last pause on error could not be written to the file. */
  private unsavedPause = false;

  constructor(
    job: JobRecord,
    private readonly deps: RunnerDeps,
  ) {
    this.job = job;
    this.jobId = job.id;
    const parts = buildEngineParts(job, deps, {
      job: () => this.job,
      active: () => this.active,
      cancelled: () => this.cancelled,
      schedule: () => this.schedule(),
      answered: (a) => {
        this.answers.push(a);
        this.schedule();
      },
      syncFailed: (requests, e) => this.unjournal(requests, e),
      leaveFlight: (request) => this.leaveFlight(request),
      cameBack: () => {
        // Several come back at once: one progress event for them (at most 10 a second).
        this.meter.emit(false);
        this.notifyIfDrained();
      },
    });
    this.meter = parts.meter;
    this.pager = parts.pager;
    this.slots = parts.slots;
    this.outcomes = parts.outcomes;
    this.planner = parts.planner;
    this.sender = parts.sender;
    this.wake = parts.wake;
    this.withdrawals = parts.withdrawals;
  }

  get isActive(): boolean {
    return this.active;
  }

  /** The job as paused in memory only (its status could not be written), else null. */
  get pausedInMemory(): JobRecord | null {
    return this.unsavedPause && !this.active ? this.job : null;
  }

  /**
   * Loads pending rows and starts sending. Held rows are released by the wake timer. `tally`:
   * the job's figures when the caller knows them (a draft just created, a long job counted in
   * turns with nothing in flight and no rows changed since), else they are read.
   */
  start(tally?: JobTally): void {
    // Rows of requests still in flight (a quick pause and resume) must read as `sending`, not
    // as pending rows to send again.
    this.deps.reads.foldJournal();
    // Requests this process called back but could not withdraw on disk never left: pending,
    // which the caller's tally did not know.
    if (this.inFlight === 0 && this.withdrawals.retryUnwritten()) tally = undefined;
    this.job = this.deps.repo.jobById(this.jobId) ?? this.job;
    if (tally) this.meter.useTally(tally);
    else this.reloadCounts();
    if (this.inFlight === 0 && this.meter.counts.sending > 0) this.withdrawals.orphansUnknown();
    // A flush that failed while planning may have left numbers of requests that never left.
    if (this.inFlight === 0) this.planner.inFlightPhones.clear();
    this.pager.restart();
    this.unsavedPause = false;
    this.active = true;
    this.cancelled = false;
    this.wake.reread();
    this.schedule();
  }

  /** Stops planning new requests; resolves when in-flight requests have their results committed. */
  stop(opts: { cancel?: boolean } = {}): Promise<void> {
    if (opts.cancel) this.cancelled = true;
    this.halt();
    return this.drained();
  }

  drained(): Promise<void> {
    if (this.inFlight === 0 && this.answers.length === 0) return Promise.resolve();
    return new Promise((r) => this.drainWaiters.push(r));
  }

  /** Re-reads counts after rows changed outside the runner (reconcile, retry, resend). */
  reloadCounts(tally: JobTally = this.deps.repo.tally(this.jobId)): void {
    this.meter.useTally(tally);
  }

  tally(): JobTally {
    return this.meter.tally();
  }

  /** Changes whenever the runner moves rows between states (see `ProgressMeter.moves`). */
  get rowMoves(): number {
    return this.meter.moves;
  }

  /** Rows made pending outside the runner (retry, explicit resend): queue them. */
  enqueuePending(): void {
    if (!this.active) return;
    this.deps.reads.foldJournal();
    this.pager.enqueueNewlyPending();
    this.reloadCounts();
    this.schedule();
  }

  /** Wake now (timer fired, clock moved). */
  poke(): void {
    this.schedule();
  }

  progress(): JobProgress {
    return this.meter.progress();
  }

  setJob(job: JobRecord): void {
    // A pause the file could not take is kept until the job starts again.
    if (this.pausedInMemory) return;
    this.job = job;
  }

  /** Emits a fresh progress event now (after a control call changed the job). */
  announce(): void {
    if (!this.pausedInMemory) this.job = this.deps.repo.jobById(this.jobId) ?? this.job;
    this.meter.emit(true);
  }

  dispose(): void {
    this.active = false;
    this.wake.clear();
    this.meter.dispose();
  }

  /** Plans nothing more; requests in flight still land. */
  private halt(): void {
    this.active = false;
    this.pager.clear();
    this.wake.clear();
    // Journaled ahead and not yet let go: they stay unsent (see `recall`).
    this.slots.recallWaiting();
  }

  private schedule(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      try {
        this.flush();
      } catch (e) {
        // A failed commit must not leave the loop wedged; pausing keeps every row as journaled
        // (requests whose results were lost stay `sending`: a restart reconciles them).
        this.deps.logger.error('outbox flush failed', { jobId: this.jobId, error: messageOf(e) });
        this.halt();
        this.pauseOnError(pauseCodeOf(e, LOCAL_CODES.databaseWrite));
        // The answers taken were dealt with (lost, see `flush`): whoever waits may go on.
        this.notifyIfDrained();
      }
    });
  }

  private flush(): void {
    const now = this.deps.clock.now();
    const done = this.answers.splice(0);
    const toSend: JournaledRequest[] = [];
    const effects: AnswerEffects = { touched: new Map(), firstSends: [], unknownRows: [] };
    let pauseCode: string | null = null;
    let cooldownItems: CooldownItem[] = [];
    const { ledger, scope } = this.deps;

    // Answered requests are no longer in flight, whether or not their results get written.
    for (const a of done) this.leaveFlight(a.request);
    // The commit does not wait for the disk; the requests below wait for `sync` instead.
    try {
      this.deps.durability.commitRelaxed(() => {
        for (const a of done) pauseCode = this.outcomes.record(a, now, effects) ?? pauseCode;
        if (pauseCode !== null) {
          this.halt();
          this.deps.repo.setStatus(this.jobId, 'paused', now, {
            pausedReason: 'error',
            lastErrorCode: pauseCode,
          });
        }
        if (this.active) {
          if (this.wake.isDue(now)) this.releaseDue(now);
          this.pager.requeueDeferred(this.planner.inFlightPhones);
          while (this.inFlight < this.job.options.concurrency * (1 + ROUNDS_AHEAD)) {
            const request = this.planner.takeNext(now);
            if (!request) break;
            this.inFlight++;
            toSend.push(request);
          }
        }
        const { touched, firstSends } = effects;
        if (touched.size > 0 || firstSends.length > 0) {
          cooldownItems = ledger.firstSendItems(scope, firstSends, now);
          if (touched.size > 0)
            for (const it of ledger.itemsOf(scope, touched, now)) cooldownItems.push(it);
          ledger.repo.storeState(scope, cooldownItems, now);
        }
      });
    } catch (e) {
      // Rolled back: the requests journaled in it never leave, and the answers are lost.
      for (const request of toSend) this.leaveFlight(request);
      this.withdrawals.loseAnswers(done, now);
      throw e;
    }

    if (pauseCode !== null) this.job = this.deps.repo.jobById(this.jobId) ?? this.job;
    if (cooldownItems.length > 0)
      this.deps.events.emit('cooldown.changed', { items: cooldownItems });
    if (effects.unknownRows.length > 0) this.deps.onUnknown(this.jobId, effects.unknownRows);
    if (toSend.length > 0) this.sender.launch(toSend);
    // The next page is read while these wait for the disk, not when the next slot frees.
    if (this.active) this.pager.readAhead(this.job.options.concurrency);

    this.notifyIfDrained();
    if (this.active) this.wake.arm(now);
    else this.wake.clear();
    this.meter.emit(false);

    if (this.active && this.isDone()) {
      this.active = false;
      this.wake.clear();
      this.deps.repo.setStatus(this.jobId, 'finished', now);
      this.job = this.deps.repo.jobById(this.jobId) ?? this.job;
      this.meter.emit(true);
      this.deps.events.emit('job.finished', this.progress());
    } else if (pauseCode !== null) {
      this.meter.emit(true);
    }
  }

  private isDone(): boolean {
    const c = this.meter.counts;
    return (
      this.inFlight === 0 &&
      this.answers.length === 0 &&
      this.pager.drained &&
      c.pending === 0 &&
      c.held === 0 &&
      c.sending === 0
    );
  }

  /** A request is answered, or will never leave: its slot and its numbers are free again. */
  private leaveFlight(request: JournaledRequest): void {
    this.inFlight--;
    this.planner.release(request.phones);
  }

  private releaseDue(now: number): void {
    const rows = this.deps.rowStates.releaseDue(this.jobId, now);
    if (rows.length > 0) {
      this.meter.move('held', 'pending', rows.length);
      // A row past the cursor (held in an earlier run) is now pending: the pager reads it.
      rows.sort((a, b) => a.rowNo - b.rowNo);
      this.pager.enqueuePassed(rows);
    }
    this.wake.reread();
  }

  /**
   * Shows the job as paused by `code`, not running, when the loop had to stop (a failed write
   * here, or a failed background fold). The status comes first: reading the counts needs a
   * fold, which may be what fails.
   */
  pauseOnError(code: string): void {
    this.halt();
    try {
      if (this.deps.repo.jobById(this.jobId)?.status === 'running') {
        this.deps.repo.setStatus(this.jobId, 'paused', this.deps.clock.now(), {
          pausedReason: 'error',
          lastErrorCode: code,
        });
      }
      this.job = this.deps.repo.jobById(this.jobId) ?? this.job;
      this.unsavedPause = false;
    } catch (err) {
      // A full disk may refuse even this write: the pause is shown from memory, and 继续发送
      // restarts the job although the file still says it runs (see `pausedInMemory`).
      this.job = { ...this.job, status: 'paused', pausedReason: 'error', lastErrorCode: code };
      this.unsavedPause = true;
      this.deps.logger.error('outbox could not record the pause', {
        jobId: this.jobId,
        error: messageOf(err),
      });
    }
    try {
      this.reloadCounts();
    } catch (err) {
      // The counts kept in memory stand until the rows can be read again.
      this.deps.logger.error('outbox could not reread the counts', {
        jobId: this.jobId,
        error: messageOf(err),
      });
    }
    this.meter.emit(true);
  }

  /**
   * The journal could not be made durable: the requests stay unsent, their rows pending, and
   * the job pauses with a message about the disk.
   */
  private unjournal(requests: JournaledRequest[], e: unknown): void {
    this.deps.logger.error('outbox journal sync failed', {
      jobId: this.jobId,
      error: messageOf(e),
    });
    // Halted first: the records are withdrawn like any called-back request, never re-queued.
    this.halt();
    for (const request of requests) this.withdrawals.recall(request);
    this.pauseOnError(pauseCodeOf(e, LOCAL_CODES.diskSync));
  }

  /** Nothing in flight and nothing left to apply: whoever waits for `drained()` may go on. */
  private notifyIfDrained(): void {
    if (this.inFlight === 0 && this.answers.length === 0) {
      for (const w of this.drainWaiters.splice(0)) w();
    }
  }
}
