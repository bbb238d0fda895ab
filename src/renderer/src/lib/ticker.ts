import { useSyncExternalStore } from 'react';

/**
 * One shared 1 Hz clock for every countdown on screen: a page with 10,000 cooling numbers
 * runs one timer, not 10,000. The timer only runs while something is subscribed.
 */
type Listener = () => void;

const listeners = new Set<Listener>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();

function tick(): void {
  now = Date.now();
  for (const l of listeners) l();
}

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (timer === null) {
    // React re-reads the snapshot after subscribing, so a stale value never stays on screen.
    now = Date.now();
    timer = setInterval(tick, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const snapshot = (): number => now;

/** While no timer runs, the module clock is refreshed by any read through tickerNow(). */

/** Current time (ms), re-rendering once a second while `active`; otherwise a frozen value. */
export function useNow(active = true): number {
  return useSyncExternalStore(active ? subscribe : noopSubscribe, active ? snapshot : frozen);
}

const noopSubscribe = (): (() => void) => () => {};
const frozen = (): number => now;

/** Current clock value without subscribing (for event handlers). */
export const tickerNow = (): number => {
  if (timer === null) now = Date.now();
  return now;
};

/** `mm:ss` (or `h:mm:ss` past an hour) for a countdown; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}
