/**
 * Applies Tencent's answer to one request: the rows' new states, the ledger's sends and
 * blocks, holds for rows that must wait, and whether the whole job must pause.
 */
import type { OptOutPort } from '../../optout/service';
import { describeTencentCode, TRANSPORT_CODES } from '../../../../shared/tencent-errors';
import type { LedgerScope, LedgerService, PhoneHistory, SendEntry } from '../../ledger';
import { contentKeyOf } from '../../ledger';
import { nextBeijingMidnight } from '../../ledger/rules';
import type { SendJournal } from '../journal';
import { marketingQuietUntil } from '../quiet-hours';
import type { JobRecord } from '../repo';
import { backoffDelay, type RetryPolicy } from '../retry';
import type { AcceptedRow, HoldReason, HoldState, RowStates } from '../row-states';
import type { ProgressMeter } from './progress';
import type { AnsweredRequest, PendingRow } from './request';

/**
 * Failures of these categories stop every request of the job: it pauses instead of failing
 * row after row. At request level the rows fail retry-safe; told per number, they wait pending.
 */
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

/** What one flush collects from the answers it records, for one ledger update and one event. */
export interface AnswerEffects {
  /** Numbers whose history changed (a send or a block added to what was read when planning). */
  touched: Map<string, PhoneHistory>;
  /** Numbers whose only recent send is the one just accepted: one cooldown answer for all. */
  firstSends: string[];
  /** Rows that ended `unknown`: reconciled later. */
  unknownRows: number[];
}

export interface OutcomeDeps {
  jobId: number;
  job(): JobRecord;
  /** The job was cancelled: rows that would be held are cancelled instead. */
  cancelled(): boolean;
  /** A row was held until `until`: the runner wakes then. */
  heldUntil(until: number): void;
  rowStates: RowStates;
  journal: SendJournal;
  ledger: LedgerService;
  scope: LedgerScope;
  retry: RetryPolicy;
  meter: ProgressMeter;
  /** Told when a number refuses messages (it joins the do-not-send list). */
  optOut?: OptOutPort;
}

export class OutcomeRecorder {
  constructor(private readonly deps: OutcomeDeps) {}

  /** pending → skipped: the number is on the do-not-send list; nothing is sent. */
  optedOut(rowNo: number, now: number): void {
    this.deps.rowStates.optedOut(this.deps.jobId, rowNo, now);
    this.deps.meter.move('pending', 'skipped');
  }

  /**
   * Records one request's answer; returns a code when the job must pause. The usual answer
   * (every number accepted alike) goes to the journal entry as it is; anything else is written
   * row by row.
   */
  record(answered: AnsweredRequest, now: number, effects: AnswerEffects): string | null {
    if (this.acceptedAll(answered, now, effects)) return null;
    this.deps.journal.markRows(answered.request.entryId);
    const pause = this.rowByRow(answered, now, effects);
    this.deps.journal.drop(answered.request.entryId);
    return pause;
  }

  /** Holds (or, by the job's option, skips) a row; cancelled jobs cancel it instead. */
  hold(
    rowNo: number,
    reason: HoldReason,
    until: number,
    code: string | null,
    message: string | null,
    now: number,
    from: 'pending' | 'sending' = 'pending',
  ): void {
    let state: HoldState = 'held';
    if (this.deps.cancelled()) state = 'cancelled';
    else if (reason !== 'retry' && this.deps.job().options.heldPolicy === 'skip') state = 'skipped';
    this.deps.rowStates.hold(this.deps.jobId, rowNo, state, reason, until, code, message, now);
    this.deps.meter.move(from, state);
    if (state === 'held') this.deps.heldUntil(until);
  }

  /** Every number accepted with one code and message: completes the journal entry. */
  private acceptedAll(
    { request, result }: AnsweredRequest,
    now: number,
    effects: AnswerEffects,
  ): boolean {
    if (result.kind !== 'answered' || result.results.length !== request.rows.length) return false;
    // Tencent answers in the order the numbers were given; matched by position, checked by
    // number. Any other order takes the row-by-row path.
    const first = result.results[0]!;
    const n = request.phones.length;
    const serials = new Array<string>(n);
    const fees = new Array<number>(n);
    let fee = 0;
    for (let i = 0; i < n; i++) {
      const r = result.results[i]!;
      if (
        r.phone !== request.phones[i] ||
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
    this.deps.journal.complete(request.entryId, {
      code: first.code,
      message: first.message,
      requestId: result.requestId,
      serials,
      fees,
      doneAt: now,
      phones: request.phones,
      sdkAppId: this.deps.scope.sdkAppId,
      claimedIn: request.claimedIn,
    });
    this.deps.meter.move('sending', 'sent', request.rows.length);
    this.deps.meter.addFee(fee);
    if (request.prior.size === 0) {
      // A batch to new numbers: each one's only recent send is this one.
      for (let i = 0; i < n; i++) effects.firstSends.push(request.phones[i]!);
      return true;
    }
    for (const phone of request.phones) {
      const h = request.prior.get(phone);
      if (h && (h.sends.length > 0 || h.blocks.length > 0)) {
        effects.touched.set(phone, { sends: [...h.sends, now], blocks: h.blocks });
      } else {
        effects.firstSends.push(phone);
      }
    }
    return true;
  }

  /** Writes one request's outcome row by row; returns a code when the job must pause. */
  private rowByRow(
    { request, result }: AnsweredRequest,
    now: number,
    effects: AnswerEffects,
  ): string | null {
    const { jobId, rowStates, meter } = this.deps;
    if (result.kind === 'answered') {
      let pause: string | null = null;
      const byPhone = new Map(result.results.map((r) => [r.phone, r]));
      const sends: SendEntry[] = [];
      const accepted: AcceptedRow[] = [];
      for (const row of request.rows) {
        const r = byPhone.get(row.phone);
        if (!r) {
          this.unknown(row, TRANSPORT_CODES.badResponse, null, result.requestId, now, effects);
        } else if (r.outcome === 'sent') {
          accepted.push({
            rowNo: row.rowNo,
            code: r.code,
            message: r.message,
            serialNo: r.serialNo,
            fee: r.fee,
          });
          meter.move('sending', 'sent');
          meter.addFee(r.fee);
          sends.push({
            phone: row.phone,
            at: now,
            contentKey: contentKeyOf(this.deps.job().templateId, row.params),
            jobId,
            rowNo: row.rowNo,
          });
          const h = request.prior.get(row.phone) ?? { sends: [], blocks: [] };
          effects.touched.set(row.phone, { sends: [...h.sends, now], blocks: h.blocks });
        } else if (r.outcome === 'unknown') {
          this.unknown(row, r.code, r.message, result.requestId, now, effects);
        } else if (ACCOUNT_WIDE.has(describeTencentCode(r.code).category)) {
          // The same cause as a request-level refusal, told per number: nothing was sent, so
          // the row waits and the job pauses with the same reason.
          rowStates.waitForCause(jobId, row.rowNo, r.code, r.message, result.requestId, now);
          meter.move('sending', 'pending');
          pause = r.code;
        } else {
          this.failRow(row, r.code, r.message, result.requestId, now, effects, {
            prior: request.prior.get(row.phone),
          });
        }
      }
      if (accepted.length > 0) {
        rowStates.acceptedRows(jobId, accepted, result.requestId, now);
        this.deps.ledger.repo.recordSends(this.deps.scope.sdkAppId, sends);
      }
      return pause;
    }

    const requestId = result.requestId ?? null;
    const entry = describeTencentCode(result.code);
    if (result.failure === 'unknown') {
      for (const row of request.rows)
        this.unknown(row, result.code, result.message, requestId, now, effects);
      return null;
    }
    if (result.failure === 'permanent' && entry.retry !== 'wait') {
      for (const row of request.rows) {
        // Nothing was sent: the user may retry once the cause is fixed.
        rowStates.failed(jobId, row.rowNo, result.code, result.message, requestId, true, now);
        meter.move('sending', 'failed');
      }
      return ACCOUNT_WIDE.has(entry.category) ? result.code : null;
    }
    for (const row of request.rows) {
      this.failRow(row, result.code, result.message, requestId, now, effects, {
        requestLevelRetryable: result.failure === 'retryable',
        prior: request.prior.get(row.phone),
      });
    }
    return null;
  }

  private unknown(
    row: PendingRow,
    code: string,
    message: string | null,
    requestId: string | null,
    now: number,
    effects: AnswerEffects,
  ): void {
    this.deps.rowStates.unknown(this.deps.jobId, row.rowNo, code, message, requestId, now);
    this.deps.meter.move('sending', 'unknown');
    effects.unknownRows.push(row.rowNo);
  }

  /** A per-number (or whole-request) failure, routed by the catalog's retry safety. */
  private failRow(
    row: PendingRow,
    code: string,
    message: string,
    requestId: string | null,
    now: number,
    effects: AnswerEffects,
    opts: { requestLevelRetryable?: boolean; prior?: PhoneHistory | undefined } = {},
  ): void {
    // Committed with the answer: a refusing number is on the list before the next request.
    this.deps.optOut?.refused(this.deps.scope.sdkAppId, row.phone, code, now);
    const attempts = row.attempts + 1;
    const entry = describeTencentCode(code);
    const retry = opts.requestLevelRetryable && entry.retry !== 'wait' ? 'safe' : entry.retry;
    if (retry === 'unsafe') {
      this.unknown(row, code, message, requestId, now, effects);
      return;
    }
    if (retry === 'wait' && attempts < this.deps.retry.maxWaitAttempts) {
      const block = this.deps.ledger.repo.recordBlock(
        this.deps.scope.sdkAppId,
        row.phone,
        code,
        now,
      );
      let until: number;
      if (block) {
        const h = effects.touched.get(row.phone) ?? opts.prior ?? { sends: [], blocks: [] };
        effects.touched.set(row.phone, { sends: h.sends, blocks: [...h.blocks, block] });
        until = block.until;
      } else if (code === MARKETING_TIME_CODE) {
        until = marketingQuietUntil(now) ?? now + 60_000;
      } else {
        until = nextBeijingMidnight(now);
      }
      const reason = block
        ? 'serverLimit'
        : code === MARKETING_TIME_CODE
          ? 'quietHours'
          : 'serverLimit';
      this.hold(row.rowNo, reason, until, code, message, now, 'sending');
      return;
    }
    if (retry === 'safe' && attempts < this.deps.retry.maxAttempts) {
      const until = now + backoffDelay(attempts, this.deps.retry);
      this.hold(row.rowNo, 'retry', until, code, message, now, 'sending');
      return;
    }
    this.deps.rowStates.failed(
      this.deps.jobId,
      row.rowNo,
      code,
      message,
      requestId,
      retry !== 'never',
      now,
    );
    this.deps.meter.move('sending', 'failed');
  }
}
