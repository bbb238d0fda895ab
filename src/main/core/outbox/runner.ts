import { performance } from 'node:perf_hooks';
import type { JobProgress, StateCounts } from '../../../shared/api/outbox';
import type { CooldownItem } from '../../../shared/api/cooldown';
import { describeTencentCode, LOCAL_CODES, TRANSPORT_CODES } from '../../../shared/tencent-errors';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import type { SendResult, SmsGateway } from '../gateway/types';
import { contentKeyOf, type Ledger, type LedgerScope, type PhoneHistory } from '../ledger/ledger';
import { cooldownOf, nextBeijingMidnight } from '../ledger/rules';
import type { Logger } from '../log';
import type { Db } from '../store/db';
import { groupRequests, MAX_NUMBERS_PER_REQUEST, type PlanRow, type PlannedRequest } from './plan';
import { marketingQuietUntil } from './quiet-hours';
import type { RateLimiter } from './rate-limiter';
import { emptyCounts, type JobRecord, type JobTally, type OutboxRepo } from './repo';
import { backoffDelay, type RetryPolicy } from './retry';
import type { SendDurability } from '../store/durability';
import type { SendJournal } from './journal';
import type { Scheduler } from './scheduler';

export interface QRow extends PlanRow {
  /** Attempts before the one being planned. */
  attempts: number;
}

interface Journaled {
  /** The request's journal entry. */
  entryId: number;
  params: string[];
  rows: QRow[];
  /** The rows' numbers, in row order (the request's PhoneNumberSet). */
  phones: string[];
  sessionContext: string;
  /** History of the numbers that have any, read when planning: the result adds to it. */
  prior: Map<string, PhoneHistory>;
  /** The ledger's stored set the numbers were claimed in when planning. */
  claimedIn: number | undefined;
  /** Holds one of the job's `concurrency` places on the wire (at Tencent, or on its way). */
  onWire?: boolean;
  /** Its gateway call has returned: it no longer takes a place, or waits for one. */
  answered?: boolean;
  /** Called back before it left (pause, cancel, error, another account): it never left. */
  recalled?: boolean;
}

interface WireWaiter {
  j: Journaled;
  go(): void;
  recall(e: Error): void;
}

interface Completed {
  req: Journaled;
  res: SendResult;
}

/** Failures of these categories stop every request of the job: pause instead of failing all rows. */
const ACCOUNT_WIDE = new Set([
  'auth',
  'permission',
  'config',
  'sign',
  'template',
  'balance',
  'clock',
]);

const MARKETING_TIME_CODE = 'FailedOperation.MarketingSendTimeConstraint';

/** The gateway held the request back and never sent it (see `notBefore`). */
const isHeldBack = (res: SendResult): boolean =>
  res.kind === 'failed' && res.code === TRANSPORT_CODES.abortedBeforeSend;

/**
 * Requests journaled ahead, per place on the wire: the next round is on disk while the current
 * one is at Tencent, so a free place is refilled at once instead of after a flush and a disk
 * sync. The price: after a crash, a request journaled but not yet sent reads `unknown` like
 * one in flight (at most this many rounds more), and reconcile cannot confirm it.
 */
const ROUNDS_AHEAD = 1;

/**
 * Pending rows read per page: 10 full requests, about 2 ms of work, read ahead while requests
 * wait for the disk (a bigger page stalls every slot that frees while it is read).
 */
const PAGE_ROWS = 2_000;

export interface RunnerDeps {
  db: Db;
  repo: OutboxRepo;
  clock: Clock;
  ledger: Ledger;
  scope: LedgerScope;
  /** The gateway in effect, asked per request: the account may change while a job runs. */
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
  /** The runner stopped sending for good (finished, paused by an account-wide error). */
  onIdle(runner: JobRunner): void;
}

/**
 * Sends one job. A single flush loop owns every write: it applies the results that came back
 * and journals the next requests as `sending` in ONE transaction, then lets those requests go
 * once that commit is on disk (a sync in the thread pool, shared by concurrent flushes) and one
 * of the job's `concurrency` places on the wire is free. So the journal always precedes the
 * send on disk, results and ledger entries are committed together, and the event loop never
 * waits for the disk. One round of requests is journaled ahead (`ROUNDS_AHEAD`); pausing or
 * cancelling withdraws those that have not left.
 */
export class JobRunner {
  readonly jobId: number;
  counts: StateCounts;
  /** Kept with the counts, so a running job's summary needs no scan of its rows. */
  private feeTotal = 0;
  private recentDuplicates = 0;
  private job: JobRecord;
  private queue: PlannedRequest<QRow>[] = [];
  private qi = 0;
  /**
   * Pending rows are read in pages as the queue drains, so the first request leaves at once
   * and a million-row job never holds every row in memory. Rows up to `cursor` were read.
   */
  private cursor = 0;
  private exhausted = false;
  /** Params text of the last row read: the next page sends only params that differ from it. */
  private lastParams = '';
  private deferred: QRow[] = [];
  private readonly inFlightPhones = new Set<string>();
  /** Journaled requests without an answer: on the wire, or journaled ahead. */
  private inFlight = 0;
  private onWire = 0;
  /** Journaled ahead, on disk or on their way there, in the order they may leave. */
  private wireWaiters: WireWaiter[] = [];
  private completed: Completed[] = [];
  private active = false;
  private cancelled = false;
  private flushQueued = false;
  private wakeAt: number | null = null;
  private cancelWake: (() => void) | null = null;
  private drainWaiters: (() => void)[] = [];
  private lastProgress = 0;
  private progressTimer: NodeJS.Timeout | null = null;
  private readonly samples: { t: number; settled: number }[] = [];
  private readonly st;

  constructor(
    job: JobRecord,
    private readonly d: RunnerDeps,
  ) {
    this.job = job;
    this.jobId = job.id;
    // start() reads the counts; reading them here too would scan the job's rows twice.
    this.counts = emptyCounts();
    const db = d.db;
    this.st = {
      // Raw rows, and params only where they differ from the text given: a batch with shared
      // params reads one string per row, not two, and no object per row from SQLite.
      pendingPage: db
        .prepare(
          `SELECT row_no, phone, CASE WHEN params = ? THEN NULL ELSE params END, attempts
           FROM job_rows
           WHERE job_id = ? AND row_no > ? AND state = 'pending' ORDER BY row_no LIMIT ?`,
        )
        .raw(true),
      // Pending rows up to the pager's cursor (rows past it are read in their turn).
      pendingUpTo: db.prepare(
        `SELECT row_no AS rowNo, phone, params, attempts FROM job_rows
         WHERE job_id = ? AND row_no <= ? AND state = 'pending' ORDER BY row_no`,
      ),
      releaseDue: db.prepare(
        `UPDATE job_rows SET state = 'pending', updated_at = ?
         WHERE job_id = ? AND state = 'held' AND not_before <= ?
         RETURNING row_no AS rowNo, phone, params, attempts`,
      ),
      dropInFlight: db.prepare("DELETE FROM send_journal WHERE job_id = ? AND state = 'sending'"),
      orphansUnknown: db.prepare(
        `UPDATE job_rows SET state = 'unknown', code = ?, message = NULL, retry_safe = 0,
           updated_at = ?
         WHERE job_id = ? AND state = 'sending'
         RETURNING row_no AS rowNo`,
      ),
      cancelRows: db.prepare(
        `UPDATE job_rows SET state = 'cancelled', updated_at = ?
         WHERE job_id = ? AND row_no IN (SELECT value FROM json_each(?)) AND state = 'pending'`,
      ),
      minHeld: db.prepare(
        `SELECT MIN(not_before) AS t FROM job_rows WHERE job_id = ? AND state = 'held'`,
      ),
      // Mixed answers only (some numbers failed): a request whose every number was accepted
      // goes to the journal entry instead. The materialised CTE makes SQLite walk the results
      // and probe the primary key.
      setSent: db.prepare(
        `WITH j (r, c, m, s, f) AS MATERIALIZED (
           SELECT value ->> '$.r', value ->> '$.c', value ->> '$.m', value ->> '$.s',
                  value ->> '$.f'
           FROM json_each(@rows))
         UPDATE job_rows SET state = 'sent', code = j.c, message = j.m, serial_no = j.s,
           fee = j.f, request_id = @requestId, sent_at = @now, retry_safe = 0, updated_at = @now
         FROM j WHERE job_rows.job_id = @jobId AND job_rows.row_no = j.r`,
      ),
      setUnknown: db.prepare(
        `UPDATE job_rows SET state = 'unknown', code = ?, message = ?, request_id = ?,
           retry_safe = 0, updated_at = ?
         WHERE job_id = ? AND row_no = ?`,
      ),
      setFailed: db.prepare(
        `UPDATE job_rows SET state = 'failed', code = ?, message = ?, request_id = ?,
           retry_safe = ?, fee = 0, updated_at = ?
         WHERE job_id = ? AND row_no = ?`,
      ),
      setHeld: db.prepare(
        `UPDATE job_rows SET state = ?, held_reason = ?, not_before = ?, code = ?, message = ?,
           updated_at = ?
         WHERE job_id = ? AND row_no = ?`,
      ),
    };
  }

  get isActive(): boolean {
    return this.active;
  }

  /**
   * Loads pending rows and starts sending. Held rows are released by the wake timer. `tally`:
   * the job's figures when the caller knows them (a draft just created), else they are read.
   */
  start(tally?: JobTally): void {
    // Rows of requests still in flight (a quick pause and resume) must read as `sending`, not
    // as pending rows to send again.
    this.d.journal.settle();
    this.job = this.d.repo.jobById(this.jobId) ?? this.job;
    if (tally) this.useTally(tally);
    else this.reloadCounts();
    if (this.inFlight === 0 && this.counts.sending > 0) this.orphansUnknown();
    // A flush that failed while planning may have left numbers of requests that never left.
    if (this.inFlight === 0) this.inFlightPhones.clear();
    this.queue = [];
    this.qi = 0;
    this.cursor = 0;
    this.exhausted = false;
    this.deferred = [];
    this.active = true;
    this.cancelled = false;
    this.wakeAt = this.minHeld();
    this.schedule();
  }

  /** Stops planning new requests; resolves when in-flight requests have their results committed. */
  stop(opts: { cancel?: boolean } = {}): Promise<void> {
    if (opts.cancel) this.cancelled = true;
    this.halt();
    return this.drained();
  }

  /** Plans nothing more; requests in flight still land. */
  private halt(): void {
    this.active = false;
    this.queue = [];
    this.qi = 0;
    this.deferred = [];
    this.clearWake();
    // Journaled ahead and not yet let go: they stay unsent (see `recall`).
    for (const w of this.wireWaiters.splice(0)) {
      w.j.recalled = true;
      w.recall(new Error('recalled'));
    }
  }

  drained(): Promise<void> {
    if (this.inFlight === 0 && this.completed.length === 0) return Promise.resolve();
    return new Promise((r) => this.drainWaiters.push(r));
  }

  /** Re-reads counts after rows changed outside the runner (reconcile, retry, resend). */
  reloadCounts(): void {
    this.useTally(this.d.repo.tally(this.jobId));
  }

  private useTally(t: JobTally): void {
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

  /** Rows made pending outside the runner (retry, explicit resend): queue them. */
  enqueuePending(): void {
    if (!this.active) return;
    const queued = new Set<number>();
    for (let i = this.qi; i < this.queue.length; i++)
      for (const r of this.queue[i]!.rows) queued.add(r.rowNo);
    for (const r of this.deferred) queued.add(r.rowNo);
    this.d.journal.settle();
    const upTo = this.exhausted ? Number.MAX_SAFE_INTEGER : this.cursor;
    const fresh = this.parseRows(this.st.pendingUpTo.all(this.jobId, upTo)).filter(
      (r) => !queued.has(r.rowNo),
    );
    this.enqueue(fresh);
    this.reloadCounts();
    this.schedule();
  }

  /** Wake now (timer fired, clock moved). */
  poke(): void {
    this.schedule();
  }

  progress(): JobProgress {
    const settled = this.settled();
    const t = performance.now();
    this.samples.push({ t, settled });
    while (this.samples.length > 2 && t - this.samples[0]!.t > 5_000) this.samples.shift();
    const first = this.samples[0]!;
    const dt = (t - first.t) / 1000;
    const rate = dt > 0.2 ? Math.max(0, (settled - first.settled) / dt) : 0;
    const left = this.counts.pending + this.counts.sending;
    return {
      jobId: this.jobId,
      status: this.job.status,
      pausedReason: this.job.pausedReason,
      total: this.job.total,
      counts: { ...this.counts },
      ratePerSec: Math.round(rate * 10) / 10,
      etaMs: rate > 0 && left > 0 ? Math.round((left / rate) * 1000) : left === 0 ? 0 : null,
      nextDueAt: this.counts.held > 0 ? (this.wakeAt ?? null) : null,
    };
  }

  setJob(job: JobRecord): void {
    this.job = job;
  }

  private settled(): number {
    const c = this.counts;
    return c.sent + c.failed + c.unknown + c.skipped + c.cancelled;
  }

  private parseRows(rows: unknown[]): QRow[] {
    return rows as QRow[];
  }

  private minHeld(): number | null {
    return (this.st.minHeld.get(this.jobId) as { t: number | null }).t;
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
        this.d.logger.error('outbox flush failed', {
          jobId: this.jobId,
          error: e instanceof Error ? e.message : String(e),
        });
        this.halt();
        this.pauseOnError(LOCAL_CODES.databaseWrite);
        this.d.onIdle(this);
      }
    });
  }

  private flush(): void {
    const now = this.d.clock.now();
    const done = this.completed.splice(0);
    const toSend: Journaled[] = [];
    const touched = new Map<string, PhoneHistory>();
    // Numbers whose only recent send is the one just accepted: one cooldown answer for all.
    const firstSends: string[] = [];
    const unknownRows: number[] = [];
    let pauseCode: string | null = null;
    let cooldownItems: CooldownItem[] = [];

    // Answered requests are no longer in flight, whether or not their results get written.
    for (const c of done) this.leaveFlight(c.req);
    // The commit does not wait for the disk; the requests below wait for `sync` instead.
    try {
      this.d.durability.commitRelaxed(() => {
        for (const c of done) {
          const r = this.settleRequest(c, now, touched, firstSends, unknownRows);
          if (r) pauseCode = r;
        }
        if (pauseCode !== null) {
          this.halt();
          this.d.repo.setStatus(this.jobId, 'paused', now, {
            pausedReason: 'error',
            lastErrorCode: pauseCode,
          });
        }
        if (this.active) {
          if (this.wakeAt !== null && this.wakeAt <= now) this.releaseDue(now);
          this.requeueDeferred();
          while (this.inFlight < this.job.options.concurrency * (1 + ROUNDS_AHEAD)) {
            const j = this.takeNext(now);
            if (!j) break;
            toSend.push(j);
          }
        }
        if (touched.size > 0 || firstSends.length > 0) {
          cooldownItems = this.d.ledger.firstSendItems(this.d.scope, firstSends, now);
          if (touched.size > 0) {
            for (const it of this.d.ledger.itemsOf(this.d.scope, touched, now)) {
              cooldownItems.push(it);
            }
          }
          this.d.ledger.storeState(this.d.scope, cooldownItems, now);
        }
      });
    } catch (e) {
      // Rolled back: the requests journaled in it never leave, and the answers are lost.
      for (const j of toSend) this.leaveFlight(j);
      this.loseAnswers(done, now);
      throw e;
    }

    if (pauseCode !== null) {
      this.job = this.d.repo.jobById(this.jobId) ?? this.job;
    }
    if (cooldownItems.length > 0) this.d.events.emit('cooldown.changed', { items: cooldownItems });
    if (unknownRows.length > 0) this.d.onUnknown(this.jobId, unknownRows);
    if (toSend.length > 0) this.launch(toSend);
    // The next page is read while these wait for the disk, not when the next slot frees.
    if (
      this.active &&
      !this.exhausted &&
      this.queue.length - this.qi <= this.job.options.concurrency
    ) {
      this.readPage();
    }

    this.notifyIfDrained();
    this.armWake(now);
    this.emitProgress(false);

    if (this.active && this.isDone()) {
      this.active = false;
      this.clearWake();
      this.d.repo.setStatus(this.jobId, 'finished', now);
      this.job = this.d.repo.jobById(this.jobId) ?? this.job;
      this.emitProgress(true);
      this.d.events.emit('job.finished', this.progress());
      this.d.onIdle(this);
    } else if (pauseCode !== null) {
      this.emitProgress(true);
      this.d.onIdle(this);
    }
  }

  private isDone(): boolean {
    return (
      this.inFlight === 0 &&
      this.completed.length === 0 &&
      this.qi >= this.queue.length &&
      this.exhausted &&
      this.deferred.length === 0 &&
      this.counts.pending === 0 &&
      this.counts.held === 0 &&
      this.counts.sending === 0
    );
  }

  /** A request is answered, or will never leave: its slot and its numbers are free again. */
  private leaveFlight(j: Journaled): void {
    this.inFlight--;
    const phones = j.phones;
    for (let i = 0; i < phones.length; i++) this.inFlightPhones.delete(phones[i]!);
  }

  /**
   * Rows left `sending` with none of this job's requests in flight: their results were lost
   * (a failed write). They may have been sent, so they become `unknown` and are reconciled,
   * as after a crash.
   */
  private orphansUnknown(): void {
    const now = this.d.clock.now();
    const rowNos = this.d.db.transaction(() => {
      this.st.dropInFlight.run(this.jobId);
      return (
        this.st.orphansUnknown.all(LOCAL_CODES.interrupted, now, this.jobId) as {
          rowNo: number;
        }[]
      ).map((r) => r.rowNo);
    })();
    this.move('sending', 'unknown', rowNos.length);
    if (rowNos.length > 0) this.d.onUnknown(this.jobId, rowNos);
  }

  /**
   * Requests answered but whose results could not be written: their rows become `unknown` and
   * are reconciled (best effort: if this write fails too, a restart does it).
   */
  private loseAnswers(done: Completed[], now: number): void {
    if (done.length === 0) return;
    try {
      const rowNos = this.d.db.transaction(() =>
        done.flatMap((c) => this.d.journal.lose(c.req.entryId, LOCAL_CODES.interrupted, now)),
      )();
      if (rowNos.length > 0) this.d.onUnknown(this.jobId, rowNos);
    } catch (err) {
      this.d.logger.error('outbox could not record lost answers', {
        jobId: this.jobId,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  /** Shows the job as paused by `code`, not running, when the loop had to stop. */
  private pauseOnError(code: string): void {
    try {
      this.reloadCounts();
      if (this.d.repo.jobById(this.jobId)?.status === 'running') {
        this.d.repo.setStatus(this.jobId, 'paused', this.d.clock.now(), {
          pausedReason: 'error',
          lastErrorCode: code,
        });
      }
      this.job = this.d.repo.jobById(this.jobId) ?? this.job;
      this.emitProgress(true);
    } catch (err) {
      this.d.logger.error('outbox could not record the pause', {
        jobId: this.jobId,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  /**
   * Sends journaled requests once their records are on disk; none leaves if that fails. A
   * gateway that can hold a request back gets it at once (it signs and serialises it while the
   * disk syncs); any other gets it after the sync.
   */
  private launch(reqs: Journaled[]): void {
    const synced = this.d.durability.sync();
    // Registered before any send looks at it: the withdrawal runs first.
    const withdrawn = synced.then(
      () => false,
      (e: unknown) => {
        this.unjournal(reqs, e);
        return true;
      },
    );
    for (const j of reqs) void this.send(j, synced, withdrawn);
  }

  /**
   * The journal could not be made durable: the requests stay unsent, their rows pending, and
   * the job pauses with a message about the disk.
   */
  private unjournal(reqs: Journaled[], e: unknown): void {
    this.d.logger.error('outbox journal sync failed', {
      jobId: this.jobId,
      error: e instanceof Error ? e.message : String(e),
    });
    // Halted first: the records are withdrawn like any called-back request, never re-queued.
    this.halt();
    for (const j of reqs) this.recall(j);
    this.pauseOnError(LOCAL_CODES.diskSync);
    this.d.onIdle(this);
  }

  private async send(
    j: Journaled,
    synced: Promise<void>,
    withdrawn: Promise<boolean>,
  ): Promise<void> {
    let gateway: SmsGateway;
    try {
      gateway = await this.d.gateway();
    } catch {
      gateway = null as unknown as SmsGateway;
    }
    // A gateway that cannot hold a request back gets it only once the record is on disk.
    if (!gateway?.holdsBack && (await withdrawn)) return;
    if (!gateway || gateway.sdkAppId !== this.job.sdkAppId) {
      if (await withdrawn) return;
      // No account, or another app now: nothing leaves; the rows back off and wait.
      this.completed.push({
        req: j,
        res: {
          kind: 'failed',
          failure: 'retryable',
          code: LOCAL_CODES.accountChanged,
          message: '',
        },
      });
      this.schedule();
      return;
    }
    // On disk, a place on the wire, still the account in effect, then the rate limit: until
    // then the request is prepared but held back.
    const mayLeave = synced
      .then(() => this.wirePlace(j))
      .then(() => this.stillCurrent(gateway, j))
      .then(() => this.d.limiter.take());
    // Observed by the gateway's gate or below; a request that never asks is not an error.
    mayLeave.catch(() => {});
    let res: SendResult | null = null;
    try {
      if (
        gateway.holdsBack ||
        (await mayLeave.then(
          () => true,
          () => false,
        ))
      ) {
        res = await gateway.sendSms(
          {
            phones: j.phones,
            templateId: this.job.templateId,
            ...(this.job.signName ? { signName: this.job.signName } : {}),
            params: j.params,
            sessionContext: j.sessionContext,
          },
          { notBefore: mayLeave },
        );
      }
    } catch {
      // The port promises not to throw; if it does we cannot know whether the request left.
      res = { kind: 'failed', failure: 'unknown', code: LOCAL_CODES.gatewayError, message: '' };
    }
    this.leaveWire(j);
    // Held back because its record never reached the disk: `unjournal` has dealt with it.
    if (await withdrawn) return;
    // Called back while it waited for a place; a request that did leave is answered as usual.
    if (res === null || (j.recalled && isHeldBack(res))) {
      this.recall(j);
      return;
    }
    this.completed.push({ req: j, res });
    this.schedule();
  }

  /**
   * Resolves when `j` may go on the wire (at most `concurrency` requests are there at once, in
   * the order they were journaled); rejects when the job stopped before that.
   */
  private wirePlace(j: Journaled): Promise<void> {
    if (j.answered) return Promise.reject(new Error('already answered'));
    if (!this.active) {
      j.recalled = true;
      return Promise.reject(new Error('recalled'));
    }
    if (this.onWire < this.job.options.concurrency) {
      this.onWire++;
      j.onWire = true;
      return Promise.resolve();
    }
    return new Promise((go, recall) => this.wireWaiters.push({ j, go, recall }));
  }

  /**
   * Rejects when the account changed while `j` waited for its place: the old gateway would
   * still send it. It is called back, and planned again for the account in effect.
   */
  private async stillCurrent(gateway: SmsGateway, j: Journaled): Promise<void> {
    let now: SmsGateway | null = null;
    try {
      now = await this.d.gateway();
    } catch {
      // No account now.
    }
    if (now !== gateway) {
      j.recalled = true;
      throw new Error('account changed');
    }
  }

  /** `j`'s call has returned: its place (if it had one) goes to the next request waiting. */
  private leaveWire(j: Journaled): void {
    j.answered = true;
    if (j.onWire) {
      j.onWire = false;
      this.onWire--;
    } else {
      const i = this.wireWaiters.findIndex((w) => w.j === j);
      if (i >= 0) this.wireWaiters.splice(i, 1);
    }
    while (this.onWire < this.job.options.concurrency && this.wireWaiters.length > 0) {
      const w = this.wireWaiters.shift()!;
      this.onWire++;
      w.j.onWire = true;
      w.go();
    }
  }

  /**
   * A request journaled ahead was called back before it left (pause, cancel, an error, another
   * account): its record is withdrawn and its rows are pending again, or cancelled with the job.
   * The commit need not wait for the disk: lost, it leaves the record `sending`, and its rows
   * `unknown` after a restart (never re-sent).
   */
  private recall(j: Journaled): void {
    this.leaveFlight(j);
    this.move('sending', 'pending', j.rows.length);
    const now = this.d.clock.now();
    try {
      this.d.durability.commitRelaxed(() => {
        this.d.journal.abandon(j.entryId);
        if (this.d.repo.jobById(this.jobId)?.status === 'cancelled') {
          // Only this request's rows: the job's others were cancelled with it.
          const rowNos = JSON.stringify(j.rows.map((r) => r.rowNo));
          this.move(
            'pending',
            'cancelled',
            this.st.cancelRows.run(now, this.jobId, rowNos).changes,
          );
        }
      });
    } catch (err) {
      // The record stays `sending` (the database is closing, or the disk is failing): after a
      // restart its rows are `unknown`, never re-sent.
      this.d.logger.error('outbox could not withdraw a request', {
        jobId: this.jobId,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    if (this.active) {
      // Resumed meanwhile, or still running (another account): rows the pager has already
      // passed are queued here.
      this.enqueue(this.exhausted ? j.rows : j.rows.filter((r) => r.rowNo <= this.cursor));
      this.schedule();
    }
    // Several come back at once: one progress event for them (at most 10 a second).
    this.emitProgress(false);
    this.notifyIfDrained();
  }

  /** Nothing in flight and nothing left to apply: whoever waits for `drained()` may go on. */
  private notifyIfDrained(): void {
    if (this.inFlight === 0 && this.completed.length === 0) {
      for (const w of this.drainWaiters.splice(0)) w();
    }
  }

  /** Next request that may go now, journaled as `sending`; rows that may not go are held. */
  private takeNext(now: number): Journaled | null {
    for (;;) {
      if (this.qi >= this.queue.length) {
        if (this.exhausted || !this.readPage()) return null;
        continue;
      }
      const req = this.queue[this.qi++]!;
      if (this.qi > 4096 && this.qi * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.qi);
        this.qi = 0;
      }
      // A number already in flight, from another request or earlier in this one (the queue
      // does not split a request at a repeated number), waits for that answer. The numbers
      // that may go join the in-flight set here: one set operation each.
      const flying = this.inFlightPhones;
      const ready: QRow[] = [];
      const rows = req.rows;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const size = flying.size;
        flying.add(row.phone);
        if (flying.size === size) this.deferred.push(row);
        else ready.push(row);
      }
      if (ready.length === 0) continue;

      if (this.job.options.marketing) {
        const until = marketingQuietUntil(now);
        if (until !== null) {
          for (const row of ready) {
            flying.delete(row.phone);
            this.hold(row.rowNo, 'quietHours', until, null, null, now);
          }
          continue;
        }
      }
      // Only numbers with recent history are in `prior`: the others have none.
      let phones = ready.map((r) => r.phone);
      const prior = this.d.ledger.recentHistory(this.d.scope, phones, now, true);
      let go = ready;
      if (prior.size > 0) {
        go = [];
        for (const row of ready) {
          // A number with no recent send and no active block may go: no cooldown math for it.
          const h = prior.get(row.phone);
          const at =
            h && (h.sends.length > 0 || h.blocks.length > 0)
              ? cooldownOf(h.sends, h.blocks, this.d.scope.rules, now).allowedAt
              : now;
          if (at > now) {
            flying.delete(row.phone);
            this.hold(row.rowNo, 'cooldown', at, null, null, now);
          } else go.push(row);
        }
        if (go.length === 0) continue;
        if (go.length < ready.length) phones = go.map((r) => r.phone);
      }

      const sessionContext = `${this.jobId}:${go[0]!.rowNo}`;
      const entryId = this.d.journal.open({
        jobId: this.jobId,
        sdkAppId: this.job.sdkAppId,
        sessionContext,
        attemptedAt: now,
        rowNos: go.map((r) => r.rowNo),
      });
      this.move('pending', 'sending', go.length);
      this.inFlight++;
      return {
        entryId,
        params: JSON.parse(req.params) as string[],
        rows: go,
        phones,
        sessionContext,
        prior,
        claimedIn: this.d.ledger.storedGeneration(this.d.scope.sdkAppId),
      };
    }
    return null;
  }

  private requeueDeferred(): void {
    if (this.deferred.length === 0) return;
    const free = this.deferred.filter((r) => !this.inFlightPhones.has(r.phone));
    if (free.length === 0) return;
    this.deferred = this.deferred.filter((r) => this.inFlightPhones.has(r.phone));
    this.enqueue(free);
  }

  private releaseDue(now: number): void {
    const rows = this.parseRows(this.st.releaseDue.all(now, this.jobId, now));
    if (rows.length > 0) {
      this.move('held', 'pending', rows.length);
      // A row past the cursor (held in an earlier run) is now pending: the pager reads it.
      const mine = this.exhausted ? rows : rows.filter((r) => r.rowNo <= this.cursor);
      mine.sort((a, b) => a.rowNo - b.rowNo);
      this.enqueue(mine);
    }
    this.wakeAt = this.minHeld();
  }

  /**
   * Queues rows as requests. The in-flight check keeps a repeated number apart, so grouping
   * need not; pushed one by one, as a retry of every row can be more than a call's arguments.
   */
  private enqueue(rows: QRow[]): void {
    for (const req of groupRequests(rows, MAX_NUMBERS_PER_REQUEST, false)) this.queue.push(req);
  }

  /** Queues the next page of pending rows; false when there were none left. */
  private readPage(): boolean {
    const bound = this.lastParams;
    const raw = this.st.pendingPage.all(bound, this.jobId, this.cursor, PAGE_ROWS) as [
      number,
      string,
      string | null,
      number,
    ][];
    if (raw.length < PAGE_ROWS) this.exhausted = true;
    if (raw.length === 0) return false;
    const rows: QRow[] = new Array<QRow>(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const r = raw[i]!;
      rows[i] = { rowNo: r[0], phone: r[1], params: r[2] ?? bound, attempts: r[3] };
    }
    this.lastParams = rows[rows.length - 1]!.params;
    this.cursor = rows[rows.length - 1]!.rowNo;
    this.enqueue(rows);
    return true;
  }

  private armWake(now: number): void {
    this.clearWake();
    if (!this.active || this.wakeAt === null) return;
    const at = this.wakeAt;
    this.cancelWake = this.d.scheduler.after(Math.max(0, at - now), () => {
      this.cancelWake = null;
      this.schedule();
    });
  }

  private clearWake(): void {
    this.cancelWake?.();
    this.cancelWake = null;
  }

  private move(from: keyof StateCounts, to: keyof StateCounts, n = 1): void {
    this.counts[from] -= n;
    this.counts[to] += n;
  }

  /** Holds (or, by the job's option, skips) a row; cancelled jobs cancel instead. */
  private hold(
    rowNo: number,
    reason: 'cooldown' | 'serverLimit' | 'quietHours' | 'retry',
    until: number,
    code: string | null,
    message: string | null,
    now: number,
    from: keyof StateCounts = 'pending',
  ): void {
    let state: 'held' | 'skipped' | 'cancelled' = 'held';
    if (this.cancelled) state = 'cancelled';
    else if (reason !== 'retry' && this.job.options.heldPolicy === 'skip') state = 'skipped';
    this.st.setHeld.run(state, reason, until, code, message, now, this.jobId, rowNo);
    this.move(from, state);
    if (state === 'held' && (this.wakeAt === null || until < this.wakeAt)) this.wakeAt = until;
  }

  /**
   * Records one request's outcome; returns a code when the job must pause. The usual answer
   * (every number accepted alike) goes to the journal entry as it is; anything else is written
   * row by row.
   */
  private settleRequest(
    c: Completed,
    now: number,
    touched: Map<string, PhoneHistory>,
    firstSends: string[],
    unknownRows: number[],
  ): string | null {
    if (this.acceptedAll(c, now, touched, firstSends)) return null;
    this.d.journal.markRows(c.req.entryId);
    const pause = this.apply(c, now, touched, unknownRows);
    this.d.journal.drop(c.req.entryId);
    return pause;
  }

  /** Every number accepted with one code and message: completes the journal entry. */
  private acceptedAll(
    c: Completed,
    now: number,
    touched: Map<string, PhoneHistory>,
    firstSends: string[],
  ): boolean {
    const { req, res } = c;
    if (res.kind !== 'answered' || res.results.length !== req.rows.length) return false;
    // Tencent answers in the order the numbers were given; matched by position, checked by
    // number. Any other order takes the row-by-row path.
    const first = res.results[0]!;
    const n = req.phones.length;
    const serials = new Array<string>(n);
    const fees = new Array<number>(n);
    let fee = 0;
    for (let i = 0; i < n; i++) {
      const r = res.results[i]!;
      if (
        r.phone !== req.phones[i] ||
        r.outcome !== 'sent' ||
        r.code !== first.code ||
        r.message !== first.message
      ) {
        return false;
      }
      serials[i] = r.serialNo;
      fees[i] = r.fee;
      fee += r.fee;
    }
    this.d.journal.complete(req.entryId, {
      code: first.code,
      message: first.message,
      requestId: res.requestId,
      serials,
      fees,
      doneAt: now,
      phones: req.phones,
      sdkAppId: this.d.scope.sdkAppId,
      claimedIn: req.claimedIn,
    });
    this.move('sending', 'sent', req.rows.length);
    this.feeTotal += fee;
    if (req.prior.size === 0) {
      // A batch to new numbers: each one's only recent send is this one.
      for (let i = 0; i < n; i++) firstSends.push(req.phones[i]!);
      return true;
    }
    for (const phone of req.phones) {
      const h = req.prior.get(phone);
      if (h && (h.sends.length > 0 || h.blocks.length > 0)) {
        touched.set(phone, { sends: [...h.sends, now], blocks: h.blocks });
      } else {
        firstSends.push(phone);
      }
    }
    return true;
  }

  /** Writes one request's outcome row by row; returns a code when the job must pause. */
  private apply(
    c: Completed,
    now: number,
    touched: Map<string, PhoneHistory>,
    unknownRows: number[],
  ): string | null {
    const { req, res } = c;
    const sdk = this.d.scope.sdkAppId;
    if (res.kind === 'answered') {
      const byPhone = new Map(res.results.map((r) => [r.phone, r]));
      const sends = [];
      const sentRows: { r: number; c: string; m: string; s: string; f: number }[] = [];
      for (const row of req.rows) {
        const r = byPhone.get(row.phone);
        if (!r) {
          this.st.setUnknown.run(
            TRANSPORT_CODES.badResponse,
            null,
            res.requestId,
            now,
            this.jobId,
            row.rowNo,
          );
          this.move('sending', 'unknown');
          unknownRows.push(row.rowNo);
          continue;
        }
        if (r.outcome === 'sent') {
          sentRows.push({ r: row.rowNo, c: r.code, m: r.message, s: r.serialNo, f: r.fee });
          this.move('sending', 'sent');
          this.feeTotal += r.fee;
          sends.push({
            phone: row.phone,
            at: now,
            contentKey: contentKeyOf(this.job.templateId, row.params),
            jobId: this.jobId,
            rowNo: row.rowNo,
          });
          const h = req.prior.get(row.phone) ?? { sends: [], blocks: [] };
          touched.set(row.phone, { sends: [...h.sends, now], blocks: h.blocks });
        } else if (r.outcome === 'unknown') {
          this.st.setUnknown.run(r.code, r.message, res.requestId, now, this.jobId, row.rowNo);
          this.move('sending', 'unknown');
          unknownRows.push(row.rowNo);
        } else {
          this.failRow(row, r.code, r.message, res.requestId, now, touched, unknownRows, {
            prior: req.prior.get(row.phone),
          });
        }
      }
      if (sentRows.length > 0) {
        this.st.setSent.run({
          rows: JSON.stringify(sentRows),
          requestId: res.requestId,
          now,
          jobId: this.jobId,
        });
        this.d.ledger.recordSends(sdk, sends);
      }
      return null;
    }

    const entry = describeTencentCode(res.code);
    if (res.failure === 'unknown') {
      for (const row of req.rows) {
        this.st.setUnknown.run(
          res.code,
          res.message,
          res.requestId ?? null,
          now,
          this.jobId,
          row.rowNo,
        );
        this.move('sending', 'unknown');
        unknownRows.push(row.rowNo);
      }
      return null;
    }
    if (res.failure === 'permanent' && entry.retry !== 'wait') {
      for (const row of req.rows) {
        // Nothing was sent: the user may retry once the cause is fixed.
        this.st.setFailed.run(
          res.code,
          res.message,
          res.requestId ?? null,
          1,
          now,
          this.jobId,
          row.rowNo,
        );
        this.move('sending', 'failed');
      }
      return ACCOUNT_WIDE.has(entry.category) ? res.code : null;
    }
    for (const row of req.rows) {
      this.failRow(row, res.code, res.message, res.requestId ?? null, now, touched, unknownRows, {
        requestLevelRetryable: res.failure === 'retryable',
        prior: req.prior.get(row.phone),
      });
    }
    return null;
  }

  /** A per-number (or whole-request) failure, routed by the catalog's retry safety. */
  private failRow(
    row: QRow,
    code: string,
    message: string,
    requestId: string | null,
    now: number,
    touched: Map<string, PhoneHistory>,
    unknownRows: number[],
    opts: { requestLevelRetryable?: boolean; prior?: PhoneHistory | undefined } = {},
  ): void {
    const attempts = row.attempts + 1;
    const entry = describeTencentCode(code);
    const retry = opts.requestLevelRetryable && entry.retry !== 'wait' ? 'safe' : entry.retry;
    if (retry === 'unsafe') {
      this.st.setUnknown.run(code, message, requestId, now, this.jobId, row.rowNo);
      this.move('sending', 'unknown');
      unknownRows.push(row.rowNo);
      return;
    }
    if (retry === 'wait' && attempts < this.d.retry.maxWaitAttempts) {
      const block = this.d.ledger.recordBlock(this.d.scope.sdkAppId, row.phone, code, now);
      let until: number;
      if (block) {
        const h = touched.get(row.phone) ?? opts.prior ?? { sends: [], blocks: [] };
        touched.set(row.phone, { sends: h.sends, blocks: [...h.blocks, block] });
        until = block.until;
      } else if (code === MARKETING_TIME_CODE) {
        until = marketingQuietUntil(now) ?? now + 60_000;
      } else {
        until = nextBeijingMidnight(now);
      }
      this.hold(
        row.rowNo,
        block ? 'serverLimit' : code === MARKETING_TIME_CODE ? 'quietHours' : 'serverLimit',
        until,
        code,
        message,
        now,
        'sending',
      );
      return;
    }
    if (retry === 'safe' && attempts < this.d.retry.maxAttempts) {
      this.hold(
        row.rowNo,
        'retry',
        now + backoffDelay(attempts, this.d.retry),
        code,
        message,
        now,
        'sending',
      );
      return;
    }
    this.st.setFailed.run(
      code,
      message,
      requestId,
      retry === 'never' ? 0 : 1,
      now,
      this.jobId,
      row.rowNo,
    );
    this.move('sending', 'failed');
  }

  private emitProgress(force: boolean): void {
    const t = performance.now();
    if (!force && t - this.lastProgress < 100) {
      if (!this.progressTimer) {
        this.progressTimer = setTimeout(
          () => {
            this.progressTimer = null;
            this.emitProgress(true);
          },
          100 - (t - this.lastProgress),
        );
      }
      return;
    }
    if (this.progressTimer) {
      clearTimeout(this.progressTimer);
      this.progressTimer = null;
    }
    this.lastProgress = t;
    this.d.events.emit('job.progress', this.progress());
  }

  /** Emits a fresh progress event now (after a control call changed the job). */
  announce(): void {
    this.job = this.d.repo.jobById(this.jobId) ?? this.job;
    this.emitProgress(true);
  }

  dispose(): void {
    this.active = false;
    this.clearWake();
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
  }
}
