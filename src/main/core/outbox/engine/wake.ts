/** When the job must wake for its held rows: the earliest `not_before`, and the timer for it. */
import type { Db } from '../../store/db';
import type { Scheduler } from '../scheduler';

export class HeldRowsWake {
  /** When the earliest held row comes due, if any. */
  at: number | null = null;
  private cancel: (() => void) | null = null;
  private readonly earliest;

  constructor(
    db: Db,
    private readonly jobId: number,
    private readonly scheduler: Scheduler,
    private readonly wake: () => void,
  ) {
    this.earliest = db.prepare(
      `SELECT MIN(not_before) AS t FROM job_rows WHERE job_id = ? AND state = 'held'`,
    );
  }

  /** Reads the earliest held row again (rows were released, or the job starts). */
  reread(): void {
    this.at = (this.earliest.get(this.jobId) as { t: number | null }).t;
  }

  /** A row was just held until `until`. */
  heldUntil(until: number): void {
    if (this.at === null || until < this.at) this.at = until;
  }

  isDue(now: number): boolean {
    return this.at !== null && this.at <= now;
  }

  /** Sets the timer for `at` (the scheduler caps it, so a sleeping laptop re-checks soon). */
  arm(now: number): void {
    this.clear();
    if (this.at === null) return;
    this.cancel = this.scheduler.after(Math.max(0, this.at - now), () => {
      this.cancel = null;
      this.wake();
    });
  }

  clear(): void {
    this.cancel?.();
    this.cancel = null;
  }
}
