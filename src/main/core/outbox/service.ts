import type { CooldownItem } from '../../../shared/api/cooldown';
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
import { AppError } from '../../../shared/errors';
import { LOCAL_CODES } from '../../../shared/tencent-errors';
import { billedSegments } from '../../../shared/segments';
import { renderTemplate, renderedMessage } from '../../../shared/template';
import type { FrequencyRules } from '../../../shared/domain';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import type { SmsGateway } from '../gateway/types';
import { Ledger, contentKeyOf, type LedgerScope } from '../ledger/ledger';
import type { Logger } from '../log';
import type { Db } from '../store/db';
import { WalDurability, type SendDurability } from '../store/durability';
import { groupRequests, paramsJson } from './plan';
import { marketingQuietUntil } from './quiet-hours';
import { RateLimiter } from './rate-limiter';
import { Reconciler, type ReconcileOutcome } from './reconcile';
import { OutboxRepo, type JobRecord, type JobTally } from './repo';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { SendJournal } from './journal';
import { JobRunner } from './runner';
import { realScheduler, type Scheduler } from './scheduler';

const DAY = 24 * 60 * 60 * 1000;
/** Tencent: SendSms 3000 requests/s per account; PullSmsSendStatusByPhoneNumber 20/s. */
export const SEND_RATE_PER_SEC = 3000;
export const RECONCILE_RATE_PER_SEC = 20;

export interface OutboxDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  logger: Logger;
  /** The gateway of the account in effect (throws an AppError when none is set up). */
  gateway: () => SmsGateway | Promise<SmsGateway>;
  /** The account's per-number limits. */
  rules: () => FrequencyRules;
  scheduler?: Scheduler;
  retry?: Partial<RetryPolicy>;
  sendRatePerSec?: number;
  reconcileRatePerSec?: number;
  /** Reconcile calls in parallel (still under the rate). */
  reconcileConcurrency?: number;
  /** Wait before checking rows that just ended `unknown` (Tencent needs a moment to record). */
  reconcileDelayMs?: number;
  /** Rows of an import, for jobs created from one (the imports room provides this). */
  importRows?: (importId: string) => Iterable<JobRowInput>;
  /** How the send loop makes its journal durable (default: the database's WAL, see durability.ts). */
  durability?: SendDurability;
}

const isRetrySafe = 1;

/**
 * The outbox: creates jobs (idempotently), plans, runs them through one runner per job,
 * reconciles unknown rows, and recovers after a crash. The only sender in the app.
 */
export class OutboxService {
  readonly ledger: Ledger;
  /** One record per request; see journal.ts. */
  readonly journal: SendJournal;
  readonly repo: OutboxRepo;
  private readonly durability: SendDurability;
  private readonly reconciler: Reconciler;
  private readonly runners = new Map<number, JobRunner>();
  /**
   * Figures of jobs created in this session and not started yet. A draft's rows change only
   * when it starts (cancelling ends it), so its first start needs no scan of its rows.
   */
  private readonly draftTallies = new Map<number, JobTally>();
  private readonly scheduler: Scheduler;
  private readonly retry: RetryPolicy;
  private readonly sendLimiter: RateLimiter;
  private readonly timers = new Set<() => void>();
  private closed = false;
  /** Background reconcile started by `recover()`; tests await it. */
  recovered: Promise<void> = Promise.resolve();

  constructor(private readonly d: OutboxDeps) {
    this.journal = new SendJournal(d.db);
    this.durability = d.durability ?? new WalDurability(d.db);
    const settle = (): void => this.journal.settle();
    this.ledger = new Ledger(d.db, d.clock, this.journal);
    this.journal.onSends = (sdkAppId, phones, claimedIn) =>
      this.ledger.noteStored(sdkAppId, phones, claimedIn);
    this.repo = new OutboxRepo(d.db, settle);
    this.scheduler = d.scheduler ?? realScheduler;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...d.retry };
    this.sendLimiter = new RateLimiter(d.sendRatePerSec ?? SEND_RATE_PER_SEC);
    this.reconciler = new Reconciler({
      db: d.db,
      clock: d.clock,
      ledger: this.ledger,
      events: d.events,
      logger: d.logger,
      limiter: new RateLimiter(d.reconcileRatePerSec ?? RECONCILE_RATE_PER_SEC),
      settle,
    });
  }

  /**
   * Folds the send journal so that `job_rows` and `ledger_sends` are exact. The core calls it
   * before every call it answers (history, exports and imports read those tables directly).
   */
  settle(): void {
    this.journal.settle();
  }

  // ---------------------------------------------------------------- start-up

  /**
   * Crash recovery: rows journaled as `sending` may or may not have left, so they become
   * `unknown`; running jobs come back paused as interrupted. Then unknown rows are reconciled
   * in the background. Nothing is re-sent here.
   */
  recover(): { unknownRows: number; interruptedJobs: number } {
    const now = this.d.clock.now();
    const res = this.d.db.transaction(() => {
      // Answered requests fold into their rows; rows of requests that were in flight are
      // rewritten as `sending`, and so become `unknown` below.
      this.journal.settle();
      this.d.db.prepare('DELETE FROM send_journal').run();
      const unknownRows = this.d.db
        .prepare(
          `UPDATE job_rows SET state = 'unknown', code = ?, message = NULL,
             retry_safe = 0, updated_at = ? WHERE state = 'sending'`,
        )
        .run(LOCAL_CODES.interrupted, now).changes;
      const interruptedJobs = this.d.db
        .prepare(
          `UPDATE jobs SET status = 'paused', paused_reason = 'interrupted', updated_at = ?
           WHERE status = 'running'`,
        )
        .run(now).changes;
      return { unknownRows, interruptedJobs };
    })();
    const jobs = this.d.db
      .prepare(
        `SELECT DISTINCT job_id AS id FROM job_rows
         WHERE state = 'unknown' AND reconciled_at IS NULL AND attempted_at >= ?`,
      )
      .all(now - 7 * DAY) as { id: number }[];
    if (jobs.length > 0) {
      this.recovered = (async () => {
        for (const j of jobs) {
          if (this.closed) return;
          try {
            await this.reconcile(j.id);
          } catch (e) {
            this.d.logger.warn('reconcile after restart failed', {
              jobId: j.id,
              code: e instanceof AppError ? e.code : 'internal',
            });
          }
        }
      })();
    }
    return res;
  }

  // ---------------------------------------------------------------- jobs

  async create(input: JobCreateInput): Promise<{ job: JobSummary; created: boolean }> {
    const existing = this.repo.jobByKey(input.idempotencyKey);
    if (existing) return { job: this.summary(existing), created: false };
    // The re-send guard below reads the ledger table.
    this.journal.settle();

    // An import's rows are streamed into the job inside the transaction below, never held as
    // one array: a million-row batch must not need a million objects at once.
    const rows: Iterable<JobRowInput> = input.rows ?? this.rowsOfImport(input.importId);
    const gateway = await this.d.gateway();
    const sdkAppId = gateway.sdkAppId;
    const now = this.d.clock.now();
    const sign = input.signName;

    const made = this.d.db.transaction(() => {
      // A second click may have created it while we awaited the gateway.
      const again = this.repo.jobByKey(input.idempotencyKey);
      if (again) return { id: again.id, created: false };
      const jobId = Number(
        this.d.db
          .prepare(
            `INSERT INTO jobs (idempotency_key, kind, sdk_app_id, template_id, template_content,
               template_kind, sign_name, options, status, total, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)`,
          )
          .run(
            input.idempotencyKey,
            input.kind,
            sdkAppId,
            input.templateId,
            input.templateContent,
            input.templateKind,
            sign ?? null,
            JSON.stringify(input.options),
            0,
            now,
            now,
          ).lastInsertRowid,
      );
      const ins = this.d.db.prepare(
        `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, updated_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
      );
      const seen = new Set<number>();
      for (const r of rows) {
        if (seen.has(r.rowNo)) {
          // Throwing inside the transaction rolls the half-made job back.
          throw new AppError('job_duplicate_row', 'outbox.errors.duplicateRowNo', {
            rowNo: r.rowNo,
          });
        }
        seen.add(r.rowNo);
        const text = renderedMessage(sign, renderTemplate(input.templateContent, r.params));
        ins.run(jobId, r.rowNo, r.phone, paramsJson(r.params), text, now);
      }
      if (seen.size === 0) throw new AppError('job_empty', 'outbox.errors.empty');
      this.d.db.prepare('UPDATE jobs SET total = ? WHERE id = ?').run(seen.size, jobId);
      // Re-send guard: same number, template and params sent in the last 24 h.
      this.d.db
        .prepare(
          `UPDATE job_rows SET recent_send_at = (
             SELECT MAX(l.sent_at) FROM ledger_sends l
             WHERE l.sdk_app_id = ? AND l.phone = job_rows.phone AND l.sent_at >= ?
               AND l.content_key = ? || job_rows.params)
           WHERE job_id = ?`,
        )
        .run(sdkAppId, now - DAY, contentKeyOf(input.templateId, ''), jobId);
      return { id: jobId, created: true };
    })();
    const job = this.mustJob(made.id);
    if (!made.created) return { job: this.summary(job), created: false };
    const tally = this.repo.tally(job.id);
    this.draftTallies.set(job.id, tally);
    return { job: this.repo.summary(job, tally), created: true };
  }

  private rowsOfImport(importId: string | undefined): Iterable<JobRowInput> {
    if (importId === undefined || !this.d.importRows) {
      throw new AppError('import_unavailable', 'outbox.errors.importUnavailable');
    }
    return this.d.importRows(importId);
  }

  /** Pre-flight: what starting the job now would do, without sending anything. */
  plan(jobId: number): JobPlan {
    const job = this.mustJob(jobId);
    this.journal.settle();
    const now = this.d.clock.now();
    const rows = this.d.db
      .prepare(
        `SELECT row_no AS rowNo, phone, params, rendered, recent_send_at AS recent FROM job_rows
         WHERE job_id = ? AND state IN ('pending', 'held') ORDER BY row_no`,
      )
      .all(jobId) as {
      rowNo: number;
      phone: string;
      params: string;
      rendered: string;
      recent: number | null;
    }[];
    let segments = 0;
    for (const r of rows) {
      segments += billedSegments(r.rendered, { international: !r.phone.startsWith('+86') });
    }
    const cds = this.ledger.query(
      this.scopeOf(job),
      rows.map((r) => r.phone),
      now,
    );
    const allowed = new Map(cds.map((c) => [c.phone, c.allowedAt]));
    const held = rows
      .filter((r) => (allowed.get(r.phone) ?? now) > now)
      .map((r) => ({ rowNo: r.rowNo, phone: r.phone, allowedAt: allowed.get(r.phone)! }))
      .sort((a, b) => a.allowedAt - b.allowedAt || a.rowNo - b.rowNo);
    const dups = rows
      .filter((r) => r.recent !== null)
      .map((r) => ({ rowNo: r.rowNo, phone: r.phone, at: r.recent! }));
    const quiet = job.options.marketing ? marketingQuietUntil(now) : null;
    return {
      jobId,
      rows: rows.length,
      requests: groupRequests(rows).length,
      billedSegments: segments,
      held: { count: held.length, items: held.slice(0, 200) },
      recentDuplicates: { count: dups.length, items: dups.slice(0, 200) },
      quietHours: { active: quiet !== null, resumesAt: quiet },
    };
  }

  async start(jobId: number): Promise<JobSummary> {
    const job = this.mustJob(jobId);
    if (job.status === 'running') return this.summary(job);
    if (job.status !== 'draft' && job.status !== 'paused') {
      throw new AppError('job_not_startable', 'outbox.errors.notStartable', {
        status: job.status,
      });
    }
    await this.run(job);
    return this.summary(this.mustJob(jobId));
  }

  resume(jobId: number): Promise<JobSummary> {
    return this.start(jobId);
  }

  async pause(jobId: number): Promise<JobSummary> {
    const job = this.mustJob(jobId);
    if (job.status !== 'running') return this.summary(job);
    const runner = this.runners.get(jobId);
    void runner?.stop();
    this.repo.setStatus(jobId, 'paused', this.d.clock.now(), { pausedReason: 'user' });
    this.announce(jobId);
    return this.summary(this.mustJob(jobId));
  }

  async cancel(jobId: number): Promise<JobSummary> {
    const job = this.mustJob(jobId);
    if (job.status === 'cancelled') return this.summary(job);
    this.draftTallies.delete(jobId);
    const runner = this.runners.get(jobId);
    const drained = runner?.stop({ cancel: true });
    const now = this.d.clock.now();
    this.d.db.transaction(() => {
      // Rows of requests in flight must read `sending` first, or they would be cancelled.
      this.journal.settle();
      this.d.db
        .prepare(
          `UPDATE job_rows SET state = 'cancelled', updated_at = ?
           WHERE job_id = ? AND state IN ('pending', 'held')`,
        )
        .run(now, jobId);
      this.repo.setStatus(jobId, 'cancelled', now);
    })();
    this.announce(jobId);
    void drained?.then(() => this.announce(jobId));
    return this.summary(this.mustJob(jobId));
  }

  get(jobId: number): JobSummary {
    return this.summary(this.mustJob(jobId));
  }

  list(offset: number, limit: number, status?: JobStatus): { items: JobSummary[]; total: number } {
    const { jobs, total } = this.repo.listJobs(offset, limit, status);
    return { items: jobs.map((j) => this.summary(j)), total };
  }

  rows(
    jobId: number,
    states: RowState[] | undefined,
    offset: number,
    limit: number,
  ): { items: JobRow[]; total: number } {
    this.mustJob(jobId);
    return this.repo.rows(jobId, states, offset, limit);
  }

  /** Failed rows where nothing was sent go back to pending; the job runs again. */
  async retryFailed(jobId: number, rowNos?: number[]): Promise<{ affected: number }> {
    const job = this.mustJob(jobId);
    if (job.status === 'cancelled') {
      throw new AppError('job_cancelled', 'outbox.errors.cancelled');
    }
    const rows = this.repo
      .rowsIn(jobId, 'failed', rowNos)
      .filter((r) => r.retry_safe === isRetrySafe);
    const affected = this.toPending(
      jobId,
      rows.map((r) => r.row_no),
      'failed',
    );
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
    if (job.status === 'cancelled') {
      throw new AppError('job_cancelled', 'outbox.errors.cancelled');
    }
    await this.reconcile(jobId, rowNos);
    const rows = this.repo.rowsIn(jobId, 'unknown', rowNos);
    const affected = this.toPending(
      jobId,
      rows.map((r) => r.row_no),
      'unknown',
    );
    if (affected > 0) await this.wake(job);
    return { affected };
  }

  async reconcile(
    jobId: number,
    rowNos?: number[],
  ): Promise<{ checked: number; confirmed: number }> {
    const job = this.mustJob(jobId);
    const rows = this.repo.rowsIn(jobId, 'unknown', rowNos);
    if (rows.length === 0) return { checked: 0, confirmed: 0 };
    const gateway = await this.d.gateway();
    if (gateway.sdkAppId !== job.sdkAppId) {
      // Tencent's records are per SdkAppId: looking in another app would find nothing (or worse).
      throw new AppError('job_other_app', 'outbox.errors.otherApp', { sdkAppId: job.sdkAppId });
    }
    const scope = this.scopeOf(job);
    let next = 0;
    let confirmed = 0;
    let checked = 0;
    const worker = async () => {
      while (next < rows.length && !this.closed) {
        const row = rows[next++]!;
        const out: ReconcileOutcome = await this.reconciler.check(
          gateway,
          scope,
          job.templateId,
          row,
        );
        if (out !== 'skipped') checked++;
        if (out === 'confirmed') confirmed++;
      }
    };
    const n = Math.max(1, this.d.reconcileConcurrency ?? 4);
    await Promise.all(Array.from({ length: Math.min(n, rows.length) }, worker));
    if (confirmed > 0) this.announce(jobId);
    return { checked, confirmed };
  }

  // ---------------------------------------------------------------- cooldown

  async cooldownQuery(phones: string[]): Promise<{ items: CooldownItem[]; now: number }> {
    const scope = await this.currentScope();
    const now = this.d.clock.now();
    return { items: this.ledger.query(scope, phones, now), now };
  }

  async cooldownList(
    offset: number,
    limit: number,
  ): Promise<{ items: CooldownItem[]; total: number; now: number }> {
    const scope = await this.currentScope();
    const now = this.d.clock.now();
    return { ...this.ledger.listCooling(scope, offset, limit, now), now };
  }

  /** Ledger scope of the account in effect (practice or Tencent). */
  private async currentScope(): Promise<LedgerScope> {
    let sdkAppId = this.lastSdkAppId ?? '';
    try {
      sdkAppId = (await this.d.gateway()).sdkAppId;
      this.lastSdkAppId = sdkAppId;
    } catch {
      // No account yet: an empty scope answers "free" for every number.
    }
    return { sdkAppId, rules: this.d.rules() };
  }

  private lastSdkAppId: string | null = null;

  // ---------------------------------------------------------------- internals

  /** Wakes every timer (the machine woke up, or a test moved the clock). */
  poke(): void {
    for (const r of this.runners.values()) r.poke();
  }

  /** Resolves when every runner has no request in flight. */
  async idle(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.drained()));
  }

  progressOf(jobId: number): JobProgress {
    const runner = this.runners.get(jobId);
    if (runner) {
      runner.setJob(this.mustJob(jobId));
      return runner.progress();
    }
    const job = this.mustJob(jobId);
    const counts = this.repo.counts(jobId);
    return {
      jobId,
      status: job.status,
      pausedReason: job.pausedReason,
      total: job.total,
      counts,
      ratePerSec: 0,
      etaMs: null,
      nextDueAt: null,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    const drains = [...this.runners.values()].map((r) => r.stop());
    // In-flight requests get a moment to land; anything later stays `sending` and is
    // recovered as `unknown` at the next start, which is the safe side.
    await Promise.race([Promise.all(drains), new Promise((r) => setTimeout(r, 3000))]);
    for (const r of this.runners.values()) r.dispose();
    this.journal.close();
    this.durability.close();
    try {
      // Leaves the tables exact for whoever opens them next; recovery would do it otherwise.
      this.journal.settle();
    } catch (e) {
      this.d.logger.warn('journal settle on close failed', {
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }

  private toPending(jobId: number, rowNos: number[], from: RowState): number {
    if (rowNos.length === 0) return 0;
    this.draftTallies.delete(jobId);
    const now = this.d.clock.now();
    const affected = this.d.db.transaction(() => {
      const st = this.d.db.prepare(
        `UPDATE job_rows SET state = 'pending', held_reason = NULL, not_before = NULL,
           updated_at = ? WHERE job_id = ? AND row_no = ? AND state = ?`,
      );
      let n = 0;
      for (const rowNo of rowNos) n += st.run(now, jobId, rowNo, from).changes;
      return n;
    })();
    this.runners.get(jobId)?.reloadCounts();
    return affected;
  }

  /** After rows became pending again: feed a running job, or run a finished/interrupted one. */
  private async wake(job: JobRecord): Promise<void> {
    const fresh = this.mustJob(job.id);
    const runner = this.runners.get(job.id);
    if (fresh.status === 'running' && runner?.isActive) {
      runner.enqueuePending();
      return;
    }
    if (
      fresh.status === 'finished' ||
      (fresh.status === 'paused' && fresh.pausedReason !== 'user')
    ) {
      await this.run(fresh);
    } else {
      this.announce(job.id);
    }
  }

  private async run(job: JobRecord): Promise<void> {
    const gateway = await this.d.gateway();
    this.lastSdkAppId = gateway.sdkAppId;
    if (gateway.sdkAppId !== job.sdkAppId) {
      // Ledger and reconcile are per SdkAppId; sending a job through another app would mix them.
      throw new AppError('job_other_app', 'outbox.errors.otherApp', { sdkAppId: job.sdkAppId });
    }
    const draft = job.status === 'draft' ? this.draftTallies.get(job.id) : undefined;
    this.draftTallies.delete(job.id);
    this.repo.setStatus(job.id, 'running', this.d.clock.now());
    let runner = this.runners.get(job.id);
    if (!runner) {
      runner = new JobRunner(this.mustJob(job.id), {
        db: this.d.db,
        repo: this.repo,
        clock: this.d.clock,
        ledger: this.ledger,
        scope: this.scopeOf(job),
        gateway: this.d.gateway,
        events: this.d.events,
        logger: this.d.logger,
        scheduler: this.scheduler,
        limiter: this.sendLimiter,
        retry: this.retry,
        journal: this.journal,
        durability: this.durability,
        onUnknown: (jobId, rowNos) => this.scheduleReconcile(jobId, rowNos),
        onIdle: () => {},
      });
      this.runners.set(job.id, runner);
    }
    runner.start(draft);
    runner.announce();
  }

  /**
   * Rows that just ended `unknown` are checked after a short delay and once more a minute later
   * (Tencent's records can lag); what is still not found waits for the user.
   */
  private scheduleReconcile(jobId: number, rowNos: number[]): void {
    if (this.closed) return;
    const first = this.d.reconcileDelayMs ?? 5_000;
    for (const delay of [first, first + 60_000]) {
      const cancel = this.scheduler.after(delay, () => {
        this.timers.delete(cancel);
        this.reconcile(jobId, rowNos).catch((e: unknown) => {
          this.d.logger.warn('reconcile failed', {
            jobId,
            code: e instanceof AppError ? e.code : 'internal',
          });
        });
      });
      this.timers.add(cancel);
    }
  }

  private announce(jobId: number): void {
    const runner = this.runners.get(jobId);
    if (runner) {
      runner.reloadCounts();
      runner.announce();
      return;
    }
    this.d.events.emit('job.progress', this.progressOf(jobId));
  }

  private scopeOf(job: JobRecord): LedgerScope {
    return { sdkAppId: job.sdkAppId, rules: this.d.rules() };
  }

  private mustJob(id: number): JobRecord {
    const job = this.repo.jobById(id);
    if (!job) throw new AppError('job_not_found', 'outbox.errors.notFound', { jobId: id });
    return job;
  }

  private summary(job: JobRecord): JobSummary {
    const runner = this.runners.get(job.id);
    return this.repo.summary(job, runner?.isActive ? runner.tally() : undefined);
  }
}
