import { useCallback, useRef, useState } from 'react';
import { useErrorText } from './useErrorText';

export interface Action {
  /**
   * Runs `fn` under the label `tag` (which button shows a spinner); a failure becomes the
   * translated `error` (or goes to `onError`) and resolves to undefined instead of throwing.
   */
  run<T>(fn: () => Promise<T>, tag?: string): Promise<T | undefined>;
  /** The label of the action running now, or null. */
  busy: string | null;
  error: string | null;
  setError(text: string | null): void;
}

/**
 * A user's action (a click that calls main). With `exclusive`, a second run while one is under
 * way is ignored, even between two clicks in the same frame: a double click acts once.
 */
export function useAction(
  opts: { exclusive?: boolean; onError?: (text: string) => void } = {},
): Action {
  const errorText = useErrorText();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  const { exclusive = false, onError } = opts;
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const run = useCallback(
    async <T>(fn: () => Promise<T>, tag = 'action'): Promise<T | undefined> => {
      if (exclusive && running.current) return undefined;
      running.current = true;
      setBusy(tag);
      setError(null);
      try {
        return await fn();
      } catch (e) {
        const text = errorText(e);
        if (onErrorRef.current) onErrorRef.current(text);
        else setError(text);
        return undefined;
      } finally {
        running.current = false;
        setBusy(null);
      }
    },
    [errorText, exclusive],
  );

  return { run, busy, error, setError };
}
