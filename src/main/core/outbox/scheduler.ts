/**
 * When the outbox wants to be woken (held rows coming due, retry backoff, delayed reconcile).
 * Injected so tests can fire timers after moving a ManualClock; the engine always re-reads
 * `clock.now()` when woken, so an early or late wake is harmless.
 */
export interface Scheduler {
  /** Calls `fn` after about `ms`; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

/**
 * Real timers, capped at one minute: a laptop that slept through a deadline is re-checked
 * within a minute of waking instead of trusting one long timer.
 */
export const MAX_TIMER_MS = 60_000;

export const realScheduler: Scheduler = {
  after(ms, fn) {
    const t = setTimeout(fn, Math.max(0, Math.min(ms, MAX_TIMER_MS)));
    return () => clearTimeout(t);
  },
};

/** For tests: timers fire only when `fireDue()` is called (after advancing the ManualClock). */
export class ManualScheduler implements Scheduler {
  private readonly timers = new Set<{ at: number; fn: () => void }>();
  constructor(private readonly now: () => number) {}

  after(ms: number, fn: () => void): () => void {
    const t = { at: this.now() + Math.max(0, ms), fn };
    this.timers.add(t);
    return () => this.timers.delete(t);
  }

  /** Runs every timer whose time has come by the clock; returns how many ran. */
  fireDue(): number {
    const due = [...this.timers].filter((t) => t.at <= this.now());
    for (const t of due) {
      this.timers.delete(t);
      t.fn();
    }
    return due.length;
  }

  get size(): number {
    return this.timers.size;
  }
}
