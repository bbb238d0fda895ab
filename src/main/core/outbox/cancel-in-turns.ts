import type { Db } from '../store/db';
import { SettingsRepo } from '../store/settings';
import type { RowPositions } from './row-positions';
import type { RowStates } from './row-states';

/** Rows cancelled per transaction (about 15 ms); a job up to IN_PROCESS_ROWS is done in one. */
export const CANCEL_SLICE_ROWS = 4_096;
/** Settings key: jobs cancelled whose open rows are still being cancelled. */
const CANCELLING = 'outbox.cancelling';

/**
 * The open rows of a long cancelled job, cancelled slice by slice with a turn of the event loop
 * between: one UPDATE over a job made from a million-row list held the main thread ~3.5 s. The
 * job is `cancelled` before the first slice, which already stops everything that could send its
 * rows (start, resume and retry refuse a cancelled job); the job is listed under `CANCELLING`
 * until the last slice, and a start after a crash finishes the list (`finishCancels`).
 */
export class CancelInTurns {
  private readonly settings: SettingsRepo;

  constructor(
    private readonly db: Db,
    private readonly rowStates: RowStates,
    private readonly positions: RowPositions,
    private readonly sliceRows = CANCEL_SLICE_ROWS,
  ) {
    this.settings = new SettingsRepo(db);
  }

  /** Call inside the transaction that makes the job `cancelled`. */
  begin(jobId: number): void {
    this.settings.set(CANCELLING, [...new Set([...this.listed(), jobId])]);
  }

  async cancelOpen(jobId: number, now: number): Promise<void> {
    await this.positions.eachSlice(jobId, this.sliceRows, (lo, hi) =>
      this.rowStates.cancelOpenIn(jobId, lo, hi, now),
    );
    this.db.transaction(() => {
      this.settings.set(
        CANCELLING,
        this.listed().filter((id) => id !== jobId),
      );
    })();
  }

  /** A cancel of `jobId` began and did not finish (a failed write): cancelling again resumes it. */
  unfinished(jobId: number): boolean {
    return this.listed().includes(jobId);
  }

  /** At start-up: what a crash left of a cancel, done in full (before any job can run). */
  finishCancels(now: number): void {
    const listed = this.listed();
    if (listed.length === 0) return;
    this.db.transaction(() => {
      for (const id of listed) this.rowStates.cancelOpen(id, now);
      this.settings.delete(CANCELLING);
    })();
  }

  private listed(): number[] {
    const v = this.settings.get<unknown>(CANCELLING);
    return Array.isArray(v) ? v.filter((x): x is number => Number.isSafeInteger(x)) : [];
  }
}
