/** Builds the parts of one job's send engine and wires them to the runner that owns them. */
import type { OptOutPort } from '../../optout/service';
import type { Clock } from '../../kernel/clock';
import type { EventBus } from '../../kernel/events';
import type { SmsGateway } from '../../gateway/types';
import type { LedgerScope, LedgerService } from '../../ledger';
import type { Logger } from '../../kernel/log';
import type { Db } from '../../store/db';
import type { SendDurability } from '../../store/durability';
import type { SendJournal } from '../journal';
import type { RateLimiter } from '../rate-limiter';
import type { LeavingMark } from '../leaving-marks';
import type { JournalReads } from '../read-model';
import type { JobRecord, OutboxRepo } from '../repo';
import type { RetryPolicy } from '../retry';
import type { RowStates } from '../row-states';
import type { Scheduler } from '../scheduler';
import { OutcomeRecorder } from './outcomes';
import { RowPager } from './pager';
import { RequestPlanner } from './planner';
import { ProgressMeter } from './progress';
import type { AnsweredRequest, JournaledRequest } from './request';
import { RequestSender } from './sender';
import { HeldRowsWake } from './wake';
import { WireSlots } from './wire-slots';
import { Withdrawals } from './withdrawals';

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
  /** The do-not-send list; absent in standalone outboxes (tests). */
  optOut?: OptOutPort;
  /** The "about to leave" mark of a request (leaving-marks.ts). */
  markLeaving(e: LeavingMark): void;
}

/** What the parts ask of the runner. */
export interface EngineHooks {
  job(): JobRecord;
  active(): boolean;
  cancelled(): boolean;
  /** Run the flush loop soon. */
  schedule(): void;
  answered(a: AnsweredRequest): void;
  syncFailed(requests: JournaledRequest[], error: unknown): void;
  leaveFlight(request: JournaledRequest): void;
  cameBack(): void;
}

export interface EngineParts {
  meter: ProgressMeter;
  pager: RowPager;
  slots: WireSlots;
  outcomes: OutcomeRecorder;
  planner: RequestPlanner;
  sender: RequestSender;
  wake: HeldRowsWake;
  withdrawals: Withdrawals;
}

export function buildEngineParts(
  job: JobRecord,
  deps: RunnerDeps,
  hooks: EngineHooks,
): EngineParts {
  const wake = new HeldRowsWake(deps.db, job.id, deps.scheduler, hooks.schedule);
  const meter = new ProgressMeter(
    job.id,
    { job: hooks.job, nextWakeAt: () => wake.at },
    deps.events,
  );
  const pager = new RowPager(deps.db, job.id);
  const slots = new WireSlots(() => hooks.job().options.concurrency, hooks.active);
  const outcomes = new OutcomeRecorder({
    jobId: job.id,
    job: hooks.job,
    cancelled: hooks.cancelled,
    heldUntil: (until) => wake.heldUntil(until),
    rowStates: deps.rowStates,
    journal: deps.journal,
    ledger: deps.ledger,
    scope: deps.scope,
    retry: deps.retry,
    meter,
    ...(deps.optOut ? { optOut: deps.optOut } : {}),
  });
  const planner = new RequestPlanner({
    jobId: job.id,
    job: hooks.job,
    pager,
    journal: deps.journal,
    ledger: deps.ledger,
    scope: deps.scope,
    meter,
    outcomes,
    ...(deps.optOut ? { optOut: deps.optOut } : {}),
  });
  const withdrawals = new Withdrawals({
    jobId: job.id,
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    durability: deps.durability,
    journal: deps.journal,
    repo: deps.repo,
    rowStates: deps.rowStates,
    meter,
    onUnknown: deps.onUnknown,
    leaveFlight: hooks.leaveFlight,
    requeue: (rows) => {
      // Resumed meanwhile, or still running (another account): rows the pager has already
      // passed are queued here.
      if (!hooks.active()) return;
      pager.enqueuePassed(rows);
      hooks.schedule();
    },
    cameBack: hooks.cameBack,
  });
  const sender = new RequestSender({
    job: hooks.job,
    logger: deps.logger,
    gateway: deps.gateway,
    durability: deps.durability,
    markLeaving: deps.markLeaving,
    slots,
    limiter: deps.limiter,
    answered: hooks.answered,
    recalled: (request) => withdrawals.recall(request),
    syncFailed: hooks.syncFailed,
  });
  return { meter, pager, slots, outcomes, planner, sender, wake, withdrawals };
}
