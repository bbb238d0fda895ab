import { useEffect, useRef } from 'react';
import { call } from '../lib/sms';

/**
 * The last page comes back after a restart: read once at start, saved when it changes (the
 * language has its own, lib/language.ts). A failure to read or save leaves the default page; it
 * is not worth an error on screen.
 */
export function useRememberedPrefs<P extends string>(
  page: P,
  setPage: (page: P) => void,
  isPage: (key: string) => key is P,
): void {
  const restored = useRef(false);

  useEffect(() => {
    call('prefs.get', { key: 'lastPage' })
      .then(({ value }) => {
        if (typeof value === 'string' && isPage(value)) setPage(value);
      })
      .catch(() => undefined)
      .finally(() => (restored.current = true));
    // Once, at start.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!restored.current) return;
    call('prefs.set', { key: 'lastPage', value: page }).catch(() => undefined);
  }, [page]);
}
