/** Bounded exponential backoff with jitter for failures where nothing was sent. */
export interface RetryPolicy {
  /** Attempts in total (first send included) before a row is left `failed`. */
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
  /** Attempts in total for "wait for the window" answers before giving up. */
  maxWaitAttempts: number;
  /** [0, 1); injectable so tests are deterministic. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseMs: 1_000,
  maxMs: 60_000,
  maxWaitAttempts: 10,
  random: Math.random,
};

/** "Equal jitter": half the exponential step fixed, half random, so retries spread out. */
export function backoffDelay(attempt: number, p: RetryPolicy): number {
  const step = Math.min(p.maxMs, p.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (p.random() * step) / 2);
}
