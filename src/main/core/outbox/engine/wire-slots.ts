/**
 * The job's places on the wire and the send permit: at most `concurrency` requests are at
 * Tencent at once, in the order they were journaled, and none leaves before its permit.
 */
import type { RateLimiter } from '../rate-limiter';
import type { JournaledRequest } from './request';

/**
 * Resolves when a journaled request may leave: its record is on disk, it holds a place on the
 * wire, the account is still the one it was planned for, and the rate limit allows. Rejects
 * when the request is called back first. The gateway gets it as `notBefore`, so it can sign
 * and serialise the request while the disk syncs (journaling ahead measured ×1.16).
 */
export type SendPermit = Promise<void>;

interface Waiter {
  request: JournaledRequest;
  go(): void;
  recall(e: Error): void;
}

export class WireSlots {
  private onWire = 0;
  /** Journaled ahead, on disk or on their way there, in the order they may leave. */
  private waiters: Waiter[] = [];

  constructor(
    private readonly concurrency: () => number,
    /** False once the job stopped: a request asking for a place then is called back. */
    private readonly active: () => boolean,
  ) {}

  /** The request's permit (see `SendPermit`). */
  permit(
    request: JournaledRequest,
    synced: Promise<void>,
    stillCurrent: () => Promise<void>,
    limiter: RateLimiter,
  ): SendPermit {
    const permit = synced
      .then(() => this.place(request))
      .then(stillCurrent)
      .then(() => limiter.take());
    // Observed by the gateway's gate or by the sender; a request that never asks is not an error.
    permit.catch(() => {});
    return permit;
  }

  /**
   * Resolves when `request` may go on the wire, in the order requests were journaled; rejects
   * when the job stopped before that.
   */
  private place(request: JournaledRequest): Promise<void> {
    if (request.answered) return Promise.reject(new Error('already answered'));
    if (!this.active()) {
      request.recalled = true;
      return Promise.reject(new Error('recalled'));
    }
    if (this.onWire < this.concurrency()) {
      this.onWire++;
      request.onWire = true;
      return Promise.resolve();
    }
    return new Promise((go, recall) => this.waiters.push({ request, go, recall }));
  }

  /** `request`'s call has returned: its place (if it had one) goes to the next one waiting. */
  leave(request: JournaledRequest): void {
    request.answered = true;
    if (request.onWire) {
      request.onWire = false;
      this.onWire--;
    } else {
      const i = this.waiters.findIndex((w) => w.request === request);
      if (i >= 0) this.waiters.splice(i, 1);
    }
    while (this.onWire < this.concurrency() && this.waiters.length > 0) {
      const w = this.waiters.shift()!;
      this.onWire++;
      w.request.onWire = true;
      w.go();
    }
  }

  /** Calls back every request still waiting for a place: they never leave. */
  recallWaiting(): void {
    for (const w of this.waiters.splice(0)) {
      w.request.recalled = true;
      w.recall(new Error('recalled'));
    }
  }
}
