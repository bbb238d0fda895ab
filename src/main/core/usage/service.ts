import type {
  Balance,
  Overview,
  Preflight,
  RemoteStats,
  Stats,
  UsageProblem,
} from '../../../shared/api/usage';
import { AppError } from '../../../shared/errors';
import { describeTencentCode } from '../../../shared/tencent-errors';
import {
  defaultPriceTable,
  priceTableSchema,
  rowCost,
  type CostTotal,
  type PriceTable,
} from '../../../shared/usage/cost';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/log';
import { IN_PROCESS_ROWS, type WorkerRunner } from '../kernel/worker-run';
import type { JournalReads } from '../outbox';
import type { Db } from '../store/db';
import type { SettingsRepo } from '../store/settings';
import type { SmsGateway } from '../gateway/types';
import { usageOf } from '../gateway/usage-types';
import {
  DELIVERY_PER_DAY_TASK,
  JOB_DELIVERY_TASK,
  type JobDeliveryRequest,
  hasReceipts,
  noReceipts,
  type DayCounts,
  type DeliveryCounts,
  type DeliveryPerDayRequest,
} from './delivery';
import {
  PREFLIGHT_ROWS_TASK,
  SENT_COST_TASK,
  preflightRows,
  sentCost,
  type PreflightRowsRequest,
  type SentCostRequest,
} from './job-cost';
import { UsageRepo } from './repo';
import { UsageRollup, type RollupRow } from './rollup';
import { buildStats, dayOf, type Granularity } from './stats';

const PRICES_KEY = 'usage.prices';
/** Reads of the packages are this far apart at least (real time): 5/s, under Tencent's 10/s. */
const BALANCE_PACE_MS = 200;
/** Packages created this far back are looked for: longer than any package lasts. */
const PACKAGE_LOOKBACK_MS = 3 * 366 * 86_400_000;
/**
 * Rows a rollup reads on the main thread at most (about 15 ms); more go to a worker thread,
 * whose start costs more than that.
 */
const ROLLUP_IN_PLACE_ROWS = 20_000;
/** Tencent answers CallbackStatusStatistics for windows of at most 32 days. */
const CALLBACK_WINDOW_MS = 32 * 86_400_000;

export interface UsageDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  settings: SettingsRepo;
  reads: JournalReads;
  gateway: () => Promise<SmsGateway>;
  /** The receipts room, once wired; without it the page says 暂无回执数据. */
  delivery?: DeliveryCounts;
  /** Rolls up many rows in a worker thread; without it (unit tests, the bench) here. */
  workers?: WorkerRunner;
}

/** Package balance, prices, cost estimates and statistics. */
export class UsageService {
  readonly repo: UsageRepo;
  private readonly rollup: UsageRollup;
  private readonly delivery: DeliveryCounts;
  /** Reads run one after another; a read not yet started serves every caller until it starts. */
  private chain: Promise<unknown> = Promise.resolve();
  private next: Promise<Balance> | null = null;
  private lastRead = -Infinity;
  private problems = new Map<string, UsageProblem>();
  /** Rollups run one after another: two at once would roll the same jobs twice. */
  private rolling: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: UsageDeps) {
    this.repo = new UsageRepo(deps.db);
    this.rollup = new UsageRollup(deps.db);
    this.delivery = deps.delivery ?? noReceipts;
  }

  prices(): PriceTable {
    const stored = priceTableSchema.safeParse(this.deps.settings.get(PRICES_KEY));
    return stored.success ? stored.data : defaultPriceTable();
  }

  /** Input is already validated by the contract (0 and negative prices are refused there). */
  setPrices(table: PriceTable): PriceTable {
    this.deps.settings.set(PRICES_KEY, table);
    return this.prices();
  }

  async balance(): Promise<Balance & { sdkAppId: string }> {
    const gw = await this.deps.gateway();
    return { ...this.cached(gw.sdkAppId), sdkAppId: gw.sdkAppId };
  }

  private cached(sdkAppId: string): Balance {
    return {
      ...this.repo.balance(sdkAppId, this.deps.clock.now()),
      problem: this.problems.get(sdkAppId) ?? null,
    };
  }

  /**
   * Reads the packages from Tencent. Never answers from the cache: a caller (a job that just
   * ended, 刷新余量) always gets a read that started after it asked, but callers that ask while
   * one waits to start share it, and reads are paced.
   */
  refreshBalance(): Promise<Balance> {
    if (this.next) return this.next;
    const read = this.chain.then(() => {
      this.next = null;
      return this.readPackages();
    });
    this.next = read;
    this.chain = read.catch(() => undefined);
    return read;
  }

  private async readPackages(): Promise<Balance> {
    const wait = this.lastRead + BALANCE_PACE_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.lastRead = performance.now();
    const gw = await this.deps.gateway();
    const now = this.deps.clock.now();
    const usage = usageOf(gw);
    if (!usage) {
      this.problems.set(gw.sdkAppId, {
        code: 'usage_not_available',
        messageKey: 'usage.problem.notAvailable',
      });
      return this.cached(gw.sdkAppId);
    }
    const r = await usage.packages(now - PACKAGE_LOOKBACK_MS, now);
    if (r.ok) {
      this.repo.savePackages(gw.sdkAppId, r.value, now);
      this.problems.delete(gw.sdkAppId);
    } else {
      this.deps.logger.warn('package balance not read', { code: r.code });
      this.problems.set(gw.sdkAppId, problemOf(r.code, 'SmsPackagesStatistics'));
    }
    return this.cached(gw.sdkAppId);
  }

  /** Statistics from local history; works offline and in practice mode. */
  /** The last 30 Asia/Shanghai days up to and including today, by the business clock. */
  defaultRange(): { from: number; to: number } {
    const today = dayOf(this.deps.clock.now());
    return { from: dayStart(today - 29), to: dayStart(today + 1) };
  }

  async stats(
    asked: { from: number; to: number } | undefined,
    granularity: Granularity,
  ): Promise<Stats> {
    const range = asked ?? this.defaultRange();
    const gw = await this.deps.gateway();
    const fromDay = dayOf(range.from);
    const toDay = dayOf(range.to - 1) + 1;
    const live = await this.refreshRollup();
    const rows = [...this.rollup.read(fromDay, toDay), ...live];
    let sends = 0;
    for (const r of rows) sends += r.n;
    const delivery = await this.deliveryPerDay(
      gw.sdkAppId,
      dayStart(fromDay),
      dayStart(toDay),
      sends,
    );
    return buildStats({
      range,
      rows,
      fromDay,
      toDay,
      granularity,
      prices: this.prices(),
      jobs: this.repo.jobs(gw.sdkAppId),
      delivery,
      hasReceipts: hasReceipts(this.delivery),
    });
  }

  /**
   * Receipts per day: the receipts room's count reads every sent row of the range, so for many
   * rows the same count (`DELIVERY_PER_DAY_TASK`, wired in worker-tasks.ts) runs in a worker.
   */
  private deliveryPerDay(
    sdkAppId: string,
    fromMs: number,
    toMs: number,
    sends: number,
  ): Promise<DayCounts[]> | DayCounts[] {
    const workers = this.deps.workers;
    if (!workers || !hasReceipts(this.delivery) || sends <= ROLLUP_IN_PLACE_ROWS)
      return this.delivery.countsPerDay(sdkAppId, fromMs, toMs);
    const req: DeliveryPerDayRequest = { sdkAppId, fromMs, toMs, now: this.deps.clock.now() };
    // Folded here first, as the receipts room folds before it counts: the worker has no journal.
    return this.deps.reads.read(() => workers.run<DayCounts[]>(DELIVERY_PER_DAY_TASK, req));
  }

  /** A job's receipts: for a big job the count (every sent row) runs in a worker, as above. */
  private jobDelivery(
    jobId: number,
  ):
    | ReturnType<DeliveryCounts['countsForJob']>
    | Promise<ReturnType<DeliveryCounts['countsForJob']>> {
    const workers = this.deps.workers;
    if (!workers || this.repo.jobTotal(jobId) <= ROLLUP_IN_PLACE_ROWS)
      return this.delivery.countsForJob(jobId);
    const req: JobDeliveryRequest = { jobId, now: this.deps.clock.now() };
    return this.deps.reads.read(() =>
      workers.run<ReturnType<DeliveryCounts['countsForJob']>>(JOB_DELIVERY_TASK, req),
    );
  }

  /** Rolls up a job that just ended, so the next statistics query reads it ready-made. */
  async rollUp(): Promise<void> {
    await this.refreshRollup();
  }

  /**
   * Rolls up every ended job not yet rolled; answers the rows of jobs still running. Many rows
   * (an upgrade's thousand jobs, a paused million-row job) are read in a worker thread.
   */
  private refreshRollup(): Promise<RollupRow[]> {
    const next = this.rolling.then(() => {
      const workers = this.deps.workers;
      // The worker reads `job_rows` on its own connection and has no journal: answers recorded
      // but not yet folded would be missing from its counts. So this thread folds first, the
      // same fold every reader does, and the worker then sees every answer recorded so far.
      return this.deps.reads.read(() =>
        workers && this.rollup.staleRows() > ROLLUP_IN_PLACE_ROWS
          ? workers.run<RollupRow[]>('usage.rollup', null)
          : this.rollup.refresh(),
      );
    });
    this.rolling = next.catch(() => undefined);
    return next;
  }

  /** The 概览 card: today's sends, the cached balance, the last job's receipts. */
  async overview(): Promise<Overview> {
    const today = await this.stats(
      {
        from: dayStart(dayOf(this.deps.clock.now())),
        to: dayStart(dayOf(this.deps.clock.now()) + 1),
      },
      'day',
    );
    const balance = await this.balance();
    const last = this.repo.lastJob(balance.sdkAppId);
    const counts =
      last !== null && hasReceipts(this.delivery) ? await this.jobDelivery(last) : null;
    return {
      todaySends: today.totals.sends,
      remaining: balance.remaining,
      readAt: balance.readAt,
      lastJob: counts && last !== null ? { jobId: last, ...counts } : null,
    };
  }

  /** Tencent's own counts for the range (sends made outside this app included). */
  async remoteStats(asked?: { from: number; to: number }): Promise<RemoteStats> {
    const range = asked ?? this.defaultRange();
    const gw = await this.deps.gateway();
    const usage = usageOf(gw);
    if (!usage) {
      return {
        send: null,
        callback: null,
        clipped: false,
        problem: { code: 'usage_not_available', messageKey: 'usage.problem.notAvailable' },
      };
    }
    const now = this.deps.clock.now();
    const to = Math.min(range.to - 1, now);
    const send = await usage.sendStats(range.from, to);
    if (!send.ok) {
      return {
        send: null,
        callback: null,
        clipped: false,
        problem: problemOf(send.code, 'SendStatusStatistics'),
      };
    }
    const cbFrom = Math.max(range.from, to - CALLBACK_WINDOW_MS + 3_600_000);
    const cb = await usage.callbackStats(cbFrom, to);
    return {
      send: send.value,
      callback: cb.ok
        ? {
            callbackCount: cb.value.callbackCount,
            callbackSuccessCount: cb.value.callbackSuccessCount,
            callbackFailCount: cb.value.callbackFailCount,
          }
        : null,
      clipped: cbFrom > range.from,
      problem: cb.ok ? null : problemOf(cb.code, 'CallbackStatusStatistics'),
    };
  }

  /** A created job's segments and cost, and how far the cached packages carry it. */
  async preflight(jobId: number): Promise<Preflight> {
    const id = jobIdOf(jobId);
    const balance = await this.balance();
    const req: PreflightRowsRequest = {
      jobId: id,
      remaining: balance.remaining,
      prices: this.prices(),
    };
    const rows = await this.overJobRows(id, PREFLIGHT_ROWS_TASK, req, () =>
      preflightRows(this.deps.db, req),
    );
    return { ...rows, remaining: balance.remaining, readAt: balance.readAt };
  }

  jobCost(jobId: number): Promise<CostTotal> {
    const req: SentCostRequest = { jobId: jobIdOf(jobId), prices: this.prices() };
    return this.overJobRows(req.jobId, SENT_COST_TASK, req, () => sentCost(this.deps.db, req));
  }

  /** Reads every row of a job: in a worker thread for a long one, after the journal's fold. */
  private async overJobRows<T>(
    jobId: number,
    task: string,
    req: object,
    here: () => T,
  ): Promise<T> {
    await this.deps.reads.foldInTurns?.();
    const workers = this.deps.workers;
    if (!workers || this.repo.jobTotal(jobId) <= IN_PROCESS_ROWS) {
      return this.deps.reads.read(here);
    }
    return this.deps.reads.read(() => workers.run<T>(task, req));
  }

  /** For history exports: one row's estimated cost in units, null without a price. */
  costOf(phone: string, segments: number): number | null {
    return rowCost(phone, segments, this.prices());
  }
}

/** The first ms of an Asia/Shanghai day number. */
const dayStart = (day: number): number => day * 86_400_000 - 8 * 3_600_000;

function jobIdOf(jobId: number): number {
  if (!Number.isSafeInteger(jobId) || jobId <= 0) {
    throw new AppError('job_not_found', 'outbox.errors.notFound', { jobId });
  }
  return jobId;
}

/** A failed usage call as the page shows it: the missing permission is named. */
export function problemOf(code: string, action: string): UsageProblem {
  const category = describeTencentCode(code).category;
  if (category === 'permission') {
    return { code, messageKey: 'usage.problem.permission', permission: `sms:${action}` };
  }
  return { code, messageKey: 'usage.problem.failed' };
}
