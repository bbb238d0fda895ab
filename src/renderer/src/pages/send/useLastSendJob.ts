import { useCallback, useEffect, useState } from 'react';
import { call } from '../../lib/sms';

/**
 * The job the 发送 page shows: the last one started there, remembered by the core (prefs), so a
 * held number still waiting is on screen (and can be cancelled) after a page switch or restart.
 */
export function useLastSendJob(): [number | null, (jobId: number) => void] {
  const [jobId, setJobId] = useState<number | null>(null);

  useEffect(() => {
    let alive = true;
    void (async () => {
      try {
        const { value } = await call('prefs.get', { key: 'send.lastJob' });
        if (typeof value !== 'number') return;
        // A job gone with a replaced database is forgotten rather than shown as an error.
        await call('job.get', { jobId: value });
        // A send started meanwhile wins over the remembered one.
        if (alive) setJobId((now) => now ?? value);
      } catch {
        await call('prefs.set', { key: 'send.lastJob', value: null }).catch(() => undefined);
      }
    })();
    return () => {
      alive = false;
    };
  }, []);

  const remember = useCallback((id: number) => {
    setJobId(id);
    void call('prefs.set', { key: 'send.lastJob', value: id }).catch(() => undefined);
  }, []);

  return [jobId, remember];
}
