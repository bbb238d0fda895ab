/**
 * Requests that never got their answer recorded: called back before they left (their rows
 * pending again), or answered with the answer lost to a failed write (their rows `unknown`).
 */
import { LOCAL_CODES } from '../../../../shared/tencent-errors';
import type { Clock } from '../../kernel/clock';
import type { Logger } from '../../kernel/log';
import type { Db } from '../../store/db';
import type { SendDurability } from '../../store/durability';
import type { SendJournal } from '../journal';
import { messageOf } from '../read-model';
import type { OutboxRepo } from '../repo';
import type { RowStates } from '../row-states';
import type { ProgressMeter } from './progress';
import type { AnsweredRequest, JournaledRequest, PendingRow } from './request';

export interface WithdrawalDeps {
  jobId: number;
  db: Db;
  clock: Clock;
  logger: Logger;
  durability: SendDurability;
  journal: SendJournal;
  repo: OutboxRepo;
  rowStates: RowStates;
  meter: ProgressMeter;
  /** Rows that ended `unknown`: reconciled later. */
  onUnknown(jobId: number, rowNos: number[]): void;
  /** The request no longer takes a place on the wire, nor its numbers. */
  leaveFlight(request: JournaledRequest): void;
  /** The rows of a called-back request may be planned again, if the job still runs. */
  requeue(rows: PendingRow[]): void;
  /** A request came back: progress and whoever waits for the job to drain. */
  cameBack(): void;
}

export class Withdrawals {
  /**
   * Called-back requests whose withdrawal could not be written (a full disk): this process
   * knows they never left, so the next start withdraws them instead of calling them unknown.
   */
  private readonly unwritten = new Map<number, JournaledRequest>();

  constructor(private readonly deps: WithdrawalDeps) {}

  /**
   * Writes the withdrawals that failed before (see `unwritten`); throws if it fails again.
   * Answers whether it moved any rows.
   */
  retryUnwritten(): boolean {
    if (this.unwritten.size === 0) return false;
    this.deps.db.transaction(() => {
      for (const id of this.unwritten.keys()) this.deps.journal.abandon(id);
    })();
    this.unwritten.clear();
    return true;
  }

  /**
   * A request journaled ahead was called back before it left (pause, cancel, an error, another
   * account): its record is withdrawn and its rows are pending again, or cancelled with the job.
   * The commit need not wait for the disk: lost, it leaves the record `sending`, and its rows
   * `unknown` after a restart (never re-sent).
   */
  recall(request: JournaledRequest): void {
    const { jobId, meter } = this.deps;
    this.deps.leaveFlight(request);
    meter.move('sending', 'pending', request.rows.length);
    const now = this.deps.clock.now();
    try {
      this.deps.durability.commitRelaxed(() => {
        this.deps.journal.abandon(request.entryId);
        if (this.deps.repo.jobById(jobId)?.status === 'cancelled') {
          // Only this request's rows: the job's others were cancelled with it.
          const rowNos = request.rows.map((r) => r.rowNo);
          meter.move(
            'pending',
            'cancelled',
            this.deps.rowStates.cancelPendingIn(jobId, rowNos, now),
          );
        }
      });
    } catch (err) {
      // The record stays `sending` (the database is closing, or the disk is failing): after a
      // restart its rows are `unknown`, never re-sent; a resume in this process withdraws it.
      this.unwritten.set(request.entryId, request);
      this.deps.logger.error('outbox could not withdraw a request', {
        jobId,
        error: messageOf(err),
      });
    }
    this.deps.requeue(request.rows);
    this.deps.cameBack();
  }

  /**
   * Requests answered but whose results could not be written: their rows become `unknown` and
   * are reconciled (best effort: if this write fails too, a restart does it).
   */
  loseAnswers(done: AnsweredRequest[], now: number): void {
    if (done.length === 0) return;
    const { jobId, journal } = this.deps;
    try {
      const rowNos = this.deps.db.transaction(() =>
        done.flatMap((a) => journal.lose(a.request.entryId, LOCAL_CODES.interrupted, now)),
      )();
      if (rowNos.length > 0) this.deps.onUnknown(jobId, rowNos);
    } catch (err) {
      this.deps.logger.error('outbox could not record lost answers', {
        jobId,
        error: messageOf(err),
      });
    }
  }

  /**
   * Rows left `sending` with none of the job's requests in flight: their results were lost
   * (a failed write). They may have been sent, so they become `unknown` and are reconciled,
   * as after a crash.
   */
  orphansUnknown(): void {
    const { jobId } = this.deps;
    const now = this.deps.clock.now();
    const rowNos = this.deps.db.transaction(() => {
      this.deps.journal.dropSendingOf(jobId);
      return this.deps.rowStates.orphansUnknown(jobId, LOCAL_CODES.interrupted, now);
    })();
    this.deps.meter.move('sending', 'unknown', rowNos.length);
    if (rowNos.length > 0) this.deps.onUnknown(jobId, rowNos);
  }
}
