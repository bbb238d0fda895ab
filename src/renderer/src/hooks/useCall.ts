import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallInput, CallName, CallOutput } from '../../../shared/api';
import { call } from '../lib/sms';
import { useErrorText } from './useErrorText';

export interface Loaded<T> {
  /** The last good answer (kept while a newer one loads, so the screen does not flicker). */
  data: T | undefined;
  /** The translated error of the last load, or null. */
  error: string | null;
  loading: boolean;
  /** Loads again now; resolves when the answer is on screen. */
  reload(): Promise<void>;
  /** Replaces the data with a fresher copy the caller already has (an action's answer). */
  setData(update: T | ((old: T | undefined) => T | undefined)): void;
}

/**
 * Loads something when mounted and whenever `deps` change. An answer that arrives after the deps
 * changed (or after unmount) is dropped, so a slow old answer never overwrites a newer one.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  enabled = true,
): Loaded<T> {
  const errorText = useErrorText();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(enabled);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(async () => {
    const gen = ++generation.current;
    setLoading(true);
    try {
      const value = await loadRef.current();
      if (gen !== generation.current) return;
      setData(value);
      setError(null);
    } catch (e) {
      if (gen === generation.current) setError(errorText(e));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [errorText]);

  useEffect(() => {
    if (!enabled) return;
    void run();
    // Leaving these deps (or unmounting) makes any answer still on its way stale.
    const current = generation;
    return () => {
      current.current++;
    };
    // The caller's deps say when to load again; `run` reads the latest loader itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, run, ...deps]);

  return { data, error, loading, reload: run, setData };
}

/** One contract call, loaded like `useLoad`; it loads again when its input changes. */
export function useCall<N extends CallName>(
  name: N,
  input: CallInput<N>,
  opts: { enabled?: boolean; deps?: readonly unknown[] } = {},
): Loaded<CallOutput<N>> {
  const key = JSON.stringify(input ?? null);
  const args = (input === undefined ? [] : [input]) as CallInput<N> extends undefined
    ? []
    : [CallInput<N>];
  return useLoad(() => call(name, ...args), [name, key, ...(opts.deps ?? [])], opts.enabled);
}
