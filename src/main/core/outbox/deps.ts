/** What the outbox is built from: its ports, the rooms it shares, and its tuning. */
import type { JobCreateInput, JobPlan, JobRowInput } from '../../../shared/api/outbox';
import type { FrequencyRules } from '../../../shared/domain';
import type { SmsGateway } from '../gateway/types';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/events';
import type { Logger } from '../kernel/log';
import type { LedgerScope, LedgerService } from '../ledger';
import type { OptOutPort } from '../optout/service';
import type { Db } from '../store/db';
import type { SendDurability } from '../store/durability';
import type { BootIdSource } from './boot-id';
import type { LocalReceipts } from './local-receipts';
import type { JobRecord } from './repo';
import type { RetryPolicy } from './retry';
import type { ScheduleOptions } from './schedule';
import type { Scheduler } from './scheduler';
import type { SendJournalParts } from './send-journal';

/**
 * Tencent: SendSms 3000 requests/s per account; PullSmsSendStatusByPhoneNumber 20/s and
 * DescribeSendRecordList (a Describe*List API) 20/s, each limited on its own.
 */
export const SEND_RATE_PER_SEC = 3000;
export const RECONCILE_RATE_PER_SEC = 20;

export interface OutboxDeps extends ScheduleOptions {
  db: Db;
  clock: Clock;
  events: EventBus;
  logger: Logger;
  /** The gateway of the account in effect (throws an AppError when none is set up). */
  gateway: () => SmsGateway | Promise<SmsGateway>;
  /** The account's per-number limits. */
  rules: () => FrequencyRules;
  /** The send journal and its read model (createCore shares them with the ledger room). */
  sendJournal?: SendJournalParts;
  /** The ledger room (createCore builds it); a standalone outbox builds its own. */
  ledger?: LedgerService;
  scheduler?: Scheduler;
  retry?: Partial<RetryPolicy>;
  sendRatePerSec?: number;
  reconcileRatePerSec?: number;
  /** Reconcile calls in parallel (still under the rate). */
  reconcileConcurrency?: number;
  /** Delivery receipts already held here (the receipts room), asked before Tencent. */
  localReceipts?: LocalReceipts;
  /** Wait before checking rows that just ended `unknown` (Tencent needs a moment to record). */
  reconcileDelayMs?: number;
  /** Rows per slice of a filtered `job.rows` page (tests make it small). */
  filterSliceRows?: number;
  /** Rows of an import, for jobs created from one (the imports room provides this). */
  importRows?: (importId: string) => Iterable<JobRowInput>;
  /**
   * Creates a job from an import elsewhere than on this thread (a worker, with its own
   * connection); null, or without it, `importRows` is read and inserted here.
   */
  createFromImport?: (
    input: JobCreateInput,
    sdkAppId: string,
    now: number,
  ) => Promise<{ id: number; created: boolean }> | null;
  /**
   * Plans a job elsewhere than on this thread (a worker reading its rows with its own
   * connection, after the journal is folded); null, or without it, the plan is made here.
   */
  planElsewhere?: (job: JobRecord, scope: LedgerScope, now: number) => Promise<JobPlan> | null;
  /** How the send loop makes its journal durable (default: the database's WAL, see durability.ts). */
  durability?: SendDurability;
  /** The do-not-send list (core/optout): checked before each request, told of refusals. */
  optOut?: OptOutPort;
  /** Which boot of the machine this is (default: the system's), for the leaving marks. */
  bootId?: BootIdSource;
}
