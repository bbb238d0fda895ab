import { useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../../shared/api';
import { getApi } from '../lib/sms';

/**
 * Follows one event from main while mounted (and `enabled`). The latest handler is always the one
 * called, so callers need not memoise it; without a bridge (a unit test) nothing is followed.
 */
export function useEvent<E extends EventName>(
  name: E,
  handler: (payload: EventPayload<E>) => void,
  enabled = true,
): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return;
    try {
      return getApi().on(name, (p) => latest.current(p));
    } catch {
      return undefined;
    }
  }, [name, enabled]);
}
