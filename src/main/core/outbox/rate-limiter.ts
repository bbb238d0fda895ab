import { performance } from 'node:perf_hooks';

/**
 * Token bucket on the monotonic clock (pacing is about real seconds, not the app clock).
 * A burst of a tenth of a second is allowed so a handful of concurrent requests never waits on
 * timer granularity; sustained throughput stays at `perSec`.
 */
export class RateLimiter {
  private tokens: number;
  private last = performance.now();
  private readonly capacity: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly perSec: number) {
    this.capacity = Math.max(1, Math.floor(perSec / 10));
    this.tokens = this.capacity;
  }

  /** Resolves when one request may go. Calls are served in order. */
  take(): Promise<void> {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    const next = this.queue.then(() => this.wait());
    this.queue = next;
    return next;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.perSec) / 1000);
    this.last = now;
  }

  private async wait(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const ms = ((1 - this.tokens) * 1000) / this.perSec;
      await new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(ms))));
    }
  }
}
