import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/events';
import type { SmsGateway } from '../gateway/types';
import { contentKeyOf, type LedgerScope, type LedgerService } from '../ledger';
import type { Logger } from '../kernel/log';
import type { Db } from '../store/db';
import type { LocalReceipts } from './local-receipts';
import type { RateLimiter } from './rate-limiter';
import type { JournalReads } from './read-model';
import type { RowDbRow } from './repo';
import type { RowStates } from './row-states';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** PullSmsSendStatusByPhoneNumber looks back 7 days, DescribeSendRecordList 72 hours. */
export const PULL_WINDOW_MS = 7 * 24 * HOUR;
export const DESCRIBE_WINDOW_MS = 72 * HOUR;
/** Clock skew between us and Tencent we tolerate when matching a send to an attempt. */
const SKEW_MS = 2 * MINUTE;
/** A send Tencent accepted is recorded at most this long after we journaled it. */
const LATE_MS = 10 * MINUTE;

export interface Match {
  serialNo: string;
  at: number;
  via: 'status' | 'records' | 'receipt';
}

export interface ReconcileDeps {
  db: Db;
  clock: Clock;
  ledger: LedgerService;
  rowStates: RowStates;
  events: EventBus;
  logger: Logger;
  /**
   * Tencent limits each query API on its own (PullSmsSendStatusByPhoneNumber 20/s,
   * DescribeSendRecordList 20/s), so each has its own pace and both are asked at once.
   */
  limiters: { pull: RateLimiter; describe: RateLimiter };
  /** Receipts already held here (the receipts room); asked before Tencent. */
  receipts: LocalReceipts;
  /** Folds the send journal: a serial number is "claimed" only once it is in the rows. */
  reads: JournalReads;
}

export type ReconcileOutcome = 'confirmed' | 'notFound' | 'error' | 'skipped';

/** One API's answer for a row: whether it could look, and the send it found. */
interface Found {
  lookedUp: boolean;
  match: Match | null;
}
const skipped: Promise<Found> = Promise.resolve({ lookedUp: false, match: null });

/**
 * Looks for `unknown` rows in Tencent's records: receipts by number (SessionContext must match
 * the request's tag) and, within 72 h, send records by number and time window. A found send
 * makes the row `sent` and enters the ledger; anything else stays `unknown` for the user.
 */
export class Reconciler {
  private readonly inProgress = new Map<string, Promise<ReconcileOutcome>>();
  private readonly claimed;
  private readonly touch;

  constructor(private readonly deps: ReconcileDeps) {
    this.claimed = deps.db.prepare('SELECT 1 FROM job_rows WHERE serial_no = ? LIMIT 1');
    this.touch = deps.db.prepare(
      `UPDATE job_rows SET reconciled_at = ?, updated_at = ?
       WHERE job_id = ? AND row_no = ? AND state = 'unknown'`,
    );
  }

  /** One row; concurrent calls for the same row share one check. */
  check(
    gateway: SmsGateway,
    scope: LedgerScope,
    templateId: string,
    row: RowDbRow,
  ): Promise<ReconcileOutcome> {
    const key = `${row.job_id}:${row.row_no}`;
    const running = this.inProgress.get(key);
    if (running) return running;
    const p = this.run(gateway, scope, templateId, row).finally(() => this.inProgress.delete(key));
    this.inProgress.set(key, p);
    return p;
  }

  private async run(
    gateway: SmsGateway,
    scope: LedgerScope,
    templateId: string,
    row: RowDbRow,
  ): Promise<ReconcileOutcome> {
    const attemptedAt = row.attempted_at;
    if (attemptedAt === null) return 'skipped';
    let match: Match | null | 'error';
    try {
      match = await this.find(gateway, row, attemptedAt);
    } catch (e) {
      this.deps.logger.warn('reconcile lookup failed', {
        error: e instanceof Error ? e.name : typeof e,
      });
      return 'error';
    }
    const now = this.deps.clock.now();
    if (match === 'error') return 'error';
    if (!match) {
      this.touch.run(now, now, row.job_id, row.row_no);
      return 'notFound';
    }
    const m = match;
    let items: ReturnType<LedgerService['refresh']> = [];
    const ok = this.deps.db.transaction(() => {
      const confirmed = this.deps.rowStates.confirmSent(
        row.job_id,
        row.row_no,
        `reconciled (${m.via})`,
        m.serialNo,
        m.at,
        now,
      );
      if (!confirmed) return false;
      this.deps.ledger.repo.recordSends(scope.sdkAppId, [
        {
          phone: row.phone,
          at: m.at,
          contentKey: contentKeyOf(templateId, row.params),
          jobId: row.job_id,
          rowNo: row.row_no,
        },
      ]);
      items = this.deps.ledger.refresh(scope, [row.phone], now);
      return true;
    })();
    if (!ok) return 'skipped';
    if (items.length > 0) this.deps.events.emit('cooldown.changed', { items });
    return 'confirmed';
  }

  private isClaimed(serialNo: string): boolean {
    this.deps.reads.foldJournal();
    return serialNo === '' || this.claimed.get(serialNo) !== undefined;
  }

  private async find(
    gateway: SmsGateway,
    row: RowDbRow,
    attemptedAt: number,
  ): Promise<Match | null | 'error'> {
    const local = this.fromLocalReceipt(row);
    if (local) return local;
    const now = this.deps.clock.now();
    // Both APIs at once, each under its own limit: one round per row instead of two.
    const [status, records] = await Promise.all([
      now - attemptedAt < PULL_WINDOW_MS ? this.byStatus(gateway, row, attemptedAt) : skipped,
      now - attemptedAt < DESCRIBE_WINDOW_MS ? this.byRecords(gateway, row, attemptedAt) : skipped,
    ]);
    // Receipts with our SessionContext are the stronger evidence; both are Tencent's records.
    if (status.match) return status.match;
    if (records.match) return records.match;
    return status.lookedUp || records.lookedUp ? null : 'error';
  }

  /** A receipt held here for the row's serial number: certainly sent, no call to Tencent. */
  private fromLocalReceipt(row: RowDbRow): Match | null {
    if (!row.serial_no) return null;
    const r = this.deps.receipts.receiptsFor([row.serial_no]).get(row.serial_no);
    if (!r || r.phone !== row.phone) return null;
    return { serialNo: row.serial_no, at: r.at, via: 'receipt' };
  }

  private async byStatus(gateway: SmsGateway, row: RowDbRow, attemptedAt: number): Promise<Found> {
    const now = this.deps.clock.now();
    const to = attemptedAt + LATE_MS;
    await this.deps.limiters.pull.take();
    const begin = Math.max(attemptedAt - SKEW_MS, now - PULL_WINDOW_MS + MINUTE);
    const res = await gateway.pullStatusByPhone(row.phone, begin, Math.max(now, begin + 1000));
    if (!res.ok) return { lookedUp: false, match: null };
    const hit = res.value.find(
      (r) =>
        r.phone === row.phone &&
        row.session_context !== null &&
        r.sessionContext === row.session_context &&
        !this.isClaimed(r.serialNo),
    );
    return {
      lookedUp: true,
      match: hit
        ? { serialNo: hit.serialNo, at: Math.min(hit.receivedAt, to), via: 'status' }
        : null,
    };
  }

  private async byRecords(gateway: SmsGateway, row: RowDbRow, attemptedAt: number): Promise<Found> {
    const now = this.deps.clock.now();
    const from = attemptedAt - SKEW_MS;
    const to = attemptedAt + LATE_MS;
    await this.deps.limiters.describe.take();
    const begin = Math.max(from, now - DESCRIBE_WINDOW_MS + MINUTE);
    const res = await gateway.describeSendRecords(row.phone, begin, Math.max(now, begin + 1000));
    if (!res.ok) return { lookedUp: false, match: null };
    const hit = res.value.find(
      (r) =>
        r.phone === row.phone &&
        r.sendStatus !== 1 &&
        (r.requestCode === 'Ok' || r.requestCode === '') &&
        r.sentAt >= from &&
        r.sentAt <= to &&
        !this.isClaimed(r.serialNo),
    );
    return {
      lookedUp: true,
      match: hit ? { serialNo: hit.serialNo, at: hit.sentAt, via: 'records' } : null,
    };
  }
}
