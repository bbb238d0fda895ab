/**
 * Plans the job's next request: takes queued rows whose number is free (not in flight, not
 * cooling, not in marketing quiet hours), holds the others, and journals the request.
 */
import type { LedgerScope, LedgerService } from '../../ledger';
import { cooldownOf } from '../../ledger/rules';
import type { SendJournal } from '../journal';
import { marketingQuietUntil } from '../quiet-hours';
import type { JobRecord } from '../repo';
import type { OutcomeRecorder } from './outcomes';
import type { RowPager } from './pager';
import type { ProgressMeter } from './progress';
import type { JournaledRequest, PendingRow } from './request';
import type { OptOutPort } from '../../optout/service';
import { honoursOptOut } from '../opt-out-rule';

export interface PlannerDeps {
  jobId: number;
  job(): JobRecord;
  pager: RowPager;
  journal: SendJournal;
  ledger: LedgerService;
  scope: LedgerScope;
  meter: ProgressMeter;
  outcomes: OutcomeRecorder;
  optOut?: OptOutPort;
}

export class RequestPlanner {
  /** Numbers of journaled requests without an answer: a number is never in two at once. */
  readonly inFlightPhones = new Set<string>();

  constructor(private readonly deps: PlannerDeps) {}

  /** The request's numbers are free again (answered, or it will never leave). */
  release(phones: readonly string[]): void {
    for (let i = 0; i < phones.length; i++) this.inFlightPhones.delete(phones[i]!);
  }

  /** Next request that may go now, journaled as `sending`; rows that may not go are held. */
  takeNext(now: number): JournaledRequest | null {
    const { pager, ledger, scope, outcomes } = this.deps;
    for (;;) {
      const req = pager.next();
      if (!req) return null;
      // A number already in flight, from another request or earlier in this one (the queue
      // does not split a request at a repeated number), waits for that answer. The numbers
      // that may go join the in-flight set here: one set operation each.
      const flying = this.inFlightPhones;
      let ready: PendingRow[] = [];
      const rows = req.rows;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const size = flying.size;
        flying.add(row.phone);
        if (flying.size === size) pager.defer(row);
        else ready.push(row);
      }
      if (ready.length === 0) continue;

      if (this.deps.job().options.marketing) {
        const until = marketingQuietUntil(now);
        if (until !== null) {
          for (const row of ready) {
            flying.delete(row.phone);
            outcomes.hold(row.rowNo, 'quietHours', until, null, null, now);
          }
          continue;
        }
      }
      // A number that joined the do-not-send list while the job waited is left out now.
      const optOut = this.deps.optOut;
      if (optOut && honoursOptOut(this.deps.job())) {
        const on = optOut.among(
          scope.sdkAppId,
          ready.map((r) => r.phone),
        );
        if (on.size > 0) {
          ready = ready.filter((row) => {
            if (!on.has(row.phone)) return true;
            flying.delete(row.phone);
            outcomes.optedOut(row.rowNo, now);
            return false;
          });
          if (ready.length === 0) continue;
        }
      }
      // Only numbers with recent history are in `prior`: the others have none.
      let phones = ready.map((r) => r.phone);
      const prior = ledger.repo.recentHistory(scope, phones, now, true);
      let go = ready;
      if (prior.size > 0) {
        go = [];
        for (const row of ready) {
          // A number with no recent send and no active block may go: no cooldown math for it.
          const h = prior.get(row.phone);
          const at =
            h && (h.sends.length > 0 || h.blocks.length > 0)
              ? cooldownOf(h.sends, h.blocks, scope.rules, now).allowedAt
              : now;
          if (at > now) {
            flying.delete(row.phone);
            outcomes.hold(row.rowNo, 'cooldown', at, null, null, now);
          } else go.push(row);
        }
        if (go.length === 0) continue;
        if (go.length < ready.length) phones = go.map((r) => r.phone);
      }
      return this.journaled(req.params, go, phones, prior, now);
    }
  }

  private journaled(
    params: string,
    rows: PendingRow[],
    phones: string[],
    prior: JournaledRequest['prior'],
    now: number,
  ): JournaledRequest {
    const sessionContext = `${this.deps.jobId}:${rows[0]!.rowNo}`;
    const entryId = this.deps.journal.open({
      jobId: this.deps.jobId,
      sdkAppId: this.deps.job().sdkAppId,
      sessionContext,
      attemptedAt: now,
      rowNos: rows.map((r) => r.rowNo),
    });
    this.deps.meter.move('pending', 'sending', rows.length);
    return {
      entryId,
      attemptedAt: now,
      params: JSON.parse(params) as string[],
      rows,
      phones,
      sessionContext,
      prior,
      claimedIn: this.deps.ledger.repo.storedGeneration(this.deps.scope.sdkAppId),
    };
  }
}
