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
