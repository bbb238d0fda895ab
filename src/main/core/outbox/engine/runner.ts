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
import type { Clock } from '../../clock';
import type { EventBus } from '../../events';
import type { SmsGateway } from '../../gateway/types';
import type { LedgerScope, LedgerService } from '../../ledger';
import type { Logger } from '../../log';
import type { Db } from '../../store/db';
import type { SendDurability } from '../../store/durability';
import type { SendJournal } from '../journal';
import type { RateLimiter } from '../rate-limiter';
import type { JournalReads } from '../read-model';
import { messageOf } from '../read-model';
import type { JobRecord, JobTally, OutboxRepo } from '../repo';
import type { RetryPolicy } from '../retry';
import type { RowStates } from '../row-states';
import type { Scheduler } from '../scheduler';
import { OutcomeRecorder, type AnswerEffects } from './outcomes';
import { RowPager } from './pager';
import { RequestPlanner } from './planner';
import { ProgressMeter } from './progress';
import type { AnsweredRequest, JournaledRequest } from './request';
import { RequestSender } from './sender';
import { WireSlots } from './wire-slots';

/**
 * Requests journaled ahead, per place on the wire: the next round is on disk while the current
 * one is at Tencent, so a free place is refilled at once instead of after a flush and a disk
 * sync. The price: after a crash, a request journaled but not yet sent reads `unknown` like
 * one in flight (at most this many rounds more), and reconcile cannot confirm it.
 */
const ROUNDS_AHEAD = 1;

export interface RunnerDeps {
  db: Db;
  repo: OutboxRepo;
  rowStates: RowStates;
  reads: JournalReads;
  clock: Clock;
  ledger: LedgerService;
  scope: LedgerScope;
  gateway: () => SmsGateway | Promise<SmsGateway>;
  events: EventBus;
  logger: Logger;
  scheduler: Scheduler;
  limiter: RateLimiter;
  retry: RetryPolicy;
  /** The send journal: one record per request (see journal.ts). */
  journal: SendJournal;
  /** Relaxed commits, and the wait that puts them on disk before a request leaves. */
  durability: SendDurability;
  /** Rows that ended `unknown`: the service schedules a reconcile for them. */
  onUnknown(jobId: number, rowNos: number[]): void;
}

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
  private wakeAt: number | null = null;
  private cancelWake: (() => void) | null = null;
  private drainWaiters: (() => void)[] = [];
  private readonly minHeld;

  constructor(
    job: JobRecord,
    private readonly d: RunnerDeps,
  ) {
    this.job = job;
    this.jobId = job.id;
    const jobOf = (): JobRecord => this.job;
    this.meter = new ProgressMeter(job.id, { job: jobOf, nextWakeAt: () => this.wakeAt }, d.events);
    this.pager = new RowPager(d.db, job.id);
    this.slots = new WireSlots(
      () => this.job.options.concurrency,
      () => this.active,
    );
    this.outcomes = new OutcomeRecorder({
      jobId: job.id,
      job: jobOf,
      cancelled: () => this.cancelled,
      heldUntil: (until) => {
        if (this.wakeAt === null || until < this.wakeAt) this.wakeAt = until;
      },
      rowStates: d.rowStates,
      journal: d.journal,
      ledger: d.ledger,
      scope: d.scope,
      retry: d.retry,
      meter: this.meter,
    });
    this.planner = new RequestPlanner({
      jobId: job.id,
      job: jobOf,
      pager: this.pager,
      journal: d.journal,
      ledger: d.ledger,
      scope: d.scope,
      meter: this.meter,
      outcomes: this.outcomes,
    });
    this.sender = new RequestSender({
      job: jobOf,
      logger: d.logger,
      gateway: d.gateway,
      durability: d.durability,
      slots: this.slots,
      limiter: d.limiter,
      answered: (a) => {
        this.answers.push(a);
        this.schedule();
      },
      recalled: (request) => this.recall(request),
      syncFailed: (requests, e) => this.unjournal(requests, e),
    });
    this.minHeld = d.db.prepare(
      `SELECT MIN(not_before) AS t FROM job_rows WHERE job_id = ? AND state = 'held'`,
    );
  }

  get isActive(): boolean {
    return this.active;
  }

  get counts(): JobProgress['counts'] {
    return this.meter.counts;
  }

  /**
   * Loads pending rows and starts sending. Held rows are released by the wake timer. `tally`:
   * the job's figures when the caller knows them (a draft just created), else they are read.
   */
  start(tally?: JobTally): void {
    // Rows of requests still in flight (a quick pause and resume) must read as `sending`, not
    // as pending rows to send again.
    this.d.reads.foldJournal();
    this.job = this.d.repo.jobById(this.jobId) ?? this.job;
    if (tally) this.meter.useTally(tally);
    else this.reloadCounts();
    if (this.inFlight === 0 && this.meter.counts.sending > 0) this.orphansUnknown();
    // A flush that failed while planning may have left numbers of requests that never left.
    if (this.inFlight === 0) this.planner.inFlightPhones.clear();
    this.pager.restart();
    this.active = true;
    this.cancelled = false;
    this.wakeAt = this.nextHeld();
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
  reloadCounts(): void {
    this.meter.useTally(this.d.repo.tally(this.jobId));
  }

  tally(): JobTally {
    return this.meter.tally();
  }

  /** Rows made pending outside the runner (retry, explicit resend): queue them. */
  enqueuePending(): void {
    if (!this.active) return;
    this.d.reads.foldJournal();
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
    this.job = job;
  }

  /** Emits a fresh progress event now (after a control call changed the job). */
  announce(): void {
    this.job = this.d.repo.jobById(this.jobId) ?? this.job;
    this.meter.emit(true);
  }

  dispose(): void {
    this.active = false;
    this.clearWake();
    this.meter.dispose();
  }

  /** Plans nothing more; requests in flight still land. */
  private halt(): void {
    this.active = false;
    this.pager.clear();
    this.clearWake();
    // Journaled ahead and not yet let go: they stay unsent (see `recall`).
    this.slots.recallWaiting();
  }

  private nextHeld(): number | null {
    return (this.minHeld.get(this.jobId) as { t: number | null }).t;
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
        this.d.logger.error('outbox flush failed', { jobId: this.jobId, error: messageOf(e) });
        this.halt();
        this.pauseOnError(LOCAL_CODES.databaseWrite);
      }
    });
  }

  private flush(): void {
    const now = this.d.clock.now();
    const done = this.answers.splice(0);
    const toSend: JournaledRequest[] = [];
    const effects: AnswerEffects = { touched: new Map(), firstSends: [], unknownRows: [] };
    let pauseCode: string | null = null;
    let cooldownItems: CooldownItem[] = [];
    const { ledger, scope } = this.d;

    // Answered requests are no longer in flight, whether or not their results get written.
    for (const a of done) this.leaveFlight(a.request);
    // The commit does not wait for the disk; the requests below wait for `sync` instead.
    try {
      this.d.durability.commitRelaxed(() => {
        for (const a of done) pauseCode = this.outcomes.record(a, now, effects) ?? pauseCode;
        if (pauseCode !== null) {
          this.halt();
          this.d.repo.setStatus(this.jobId, 'paused', now, {
            pausedReason: 'error',
            lastErrorCode: pauseCode,
          });
        }
        if (this.active) {
          if (this.wakeAt !== null && this.wakeAt <= now) this.releaseDue(now);
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
      this.loseAnswers(done, now);
      throw e;
    }

    if (pauseCode !== null) this.job = this.d.repo.jobById(this.jobId) ?? this.job;
    if (cooldownItems.length > 0) this.d.events.emit('cooldown.changed', { items: cooldownItems });
    if (effects.unknownRows.length > 0) this.d.onUnknown(this.jobId, effects.unknownRows);
    if (toSend.length > 0) this.sender.launch(toSend);
    // The next page is read while these wait for the disk, not when the next slot frees.
    if (this.active) this.pager.readAhead(this.job.options.concurrency);

    this.notifyIfDrained();
    this.armWake(now);
    this.meter.emit(false);

    if (this.active && this.isDone()) {
      this.active = false;
      this.clearWake();
      this.d.repo.setStatus(this.jobId, 'finished', now);
      this.job = this.d.repo.jobById(this.jobId) ?? this.job;
      this.meter.emit(true);
      this.d.events.emit('job.finished', this.progress());
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
    const rows = this.d.rowStates.releaseDue(this.jobId, now);
    if (rows.length > 0) {
      this.meter.move('held', 'pending', rows.length);
      // A row past the cursor (held in an earlier run) is now pending: the pager reads it.
      rows.sort((a, b) => a.rowNo - b.rowNo);
      this.pager.enqueuePassed(rows);
    }
    this.wakeAt = this.nextHeld();
  }

  private armWake(now: number): void {
    this.clearWake();
    if (!this.active || this.wakeAt === null) return;
    this.cancelWake = this.d.scheduler.after(Math.max(0, this.wakeAt - now), () => {
      this.cancelWake = null;
      this.schedule();
    });
  }

  private clearWake(): void {
    this.cancelWake?.();
    this.cancelWake = null;
  }

  /**
   * Rows left `sending` with none of this job's requests in flight: their results were lost
   * (a failed write). They may have been sent, so they become `unknown` and are reconciled,
   * as after a crash.
   */
  private orphansUnknown(): void {
    const now = this.d.clock.now();
    const rowNos = this.d.db.transaction(() => {
      this.d.journal.dropSendingOf(this.jobId);
      return this.d.rowStates.orphansUnknown(this.jobId, LOCAL_CODES.interrupted, now);
    })();
    this.meter.move('sending', 'unknown', rowNos.length);
    if (rowNos.length > 0) this.d.onUnknown(this.jobId, rowNos);
  }

  /**
   * Requests answered but whose results could not be written: their rows become `unknown` and
   * are reconciled (best effort: if this write fails too, a restart does it).
   */
  private loseAnswers(done: AnsweredRequest[], now: number): void {
    if (done.length === 0) return;
    try {
      const rowNos = this.d.db.transaction(() =>
        done.flatMap((a) => this.d.journal.lose(a.request.entryId, LOCAL_CODES.interrupted, now)),
      )();
      if (rowNos.length > 0) this.d.onUnknown(this.jobId, rowNos);
    } catch (err) {
      this.d.logger.error('outbox could not record lost answers', {
        jobId: this.jobId,
        error: messageOf(err),
      });
    }
  }

  /**
   * Shows the job as paused by `code`, not running, when the loop had to stop (a failed write
   * here, or a failed background fold). The status comes first: reading the counts needs a
   * fold, which may be what fails.
   */
  pauseOnError(code: string): void {
    this.halt();
    try {
      if (this.d.repo.jobById(this.jobId)?.status === 'running') {
        this.d.repo.setStatus(this.jobId, 'paused', this.d.clock.now(), {
          pausedReason: 'error',
          lastErrorCode: code,
        });
      }
      this.job = this.d.repo.jobById(this.jobId) ?? this.job;
    } catch (err) {
      this.d.logger.error('outbox could not record the pause', {
        jobId: this.jobId,
        error: messageOf(err),
      });
    }
    try {
      this.reloadCounts();
    } catch (err) {
      // The counts kept in memory stand until the rows can be read again.
      this.d.logger.error('outbox could not reread the counts', {
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
    this.d.logger.error('outbox journal sync failed', { jobId: this.jobId, error: messageOf(e) });
    // Halted first: the records are withdrawn like any called-back request, never re-queued.
    this.halt();
    for (const request of requests) this.recall(request);
    this.pauseOnError(LOCAL_CODES.diskSync);
  }

  /**
   * A request journaled ahead was called back before it left (pause, cancel, an error, another
   * account): its record is withdrawn and its rows are pending again, or cancelled with the job.
   * The commit need not wait for the disk: lost, it leaves the record `sending`, and its rows
   * `unknown` after a restart (never re-sent).
   */
  private recall(request: JournaledRequest): void {
    this.leaveFlight(request);
    this.meter.move('sending', 'pending', request.rows.length);
    const now = this.d.clock.now();
    try {
      this.d.durability.commitRelaxed(() => {
        this.d.journal.abandon(request.entryId);
        if (this.d.repo.jobById(this.jobId)?.status === 'cancelled') {
          // Only this request's rows: the job's others were cancelled with it.
          const rowNos = request.rows.map((r) => r.rowNo);
          this.meter.move(
            'pending',
            'cancelled',
            this.d.rowStates.cancelPendingIn(this.jobId, rowNos, now),
          );
        }
      });
    } catch (err) {
      // The record stays `sending` (the database is closing, or the disk is failing): after a
      // restart its rows are `unknown`, never re-sent.
      this.d.logger.error('outbox could not withdraw a request', {
        jobId: this.jobId,
        error: messageOf(err),
      });
    }
    if (this.active) {
      // Resumed meanwhile, or still running (another account): rows the pager has already
      // passed are queued here.
      this.pager.enqueuePassed(request.rows);
      this.schedule();
    }
    // Several come back at once: one progress event for them (at most 10 a second).
    this.meter.emit(false);
    this.notifyIfDrained();
  }

  /** Nothing in flight and nothing left to apply: whoever waits for `drained()` may go on. */
  private notifyIfDrained(): void {
    if (this.inFlight === 0 && this.answers.length === 0) {
      for (const w of this.drainWaiters.splice(0)) w();
    }
  }
}
