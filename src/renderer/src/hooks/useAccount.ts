import { useCallback } from 'react';
import type { AccountStatus, PublicProfile } from '../../../shared/api/account';
import { call } from '../lib/sms';
import { useLoad } from './useCall';
import { useEvent } from './useEvent';

/** The account status, kept fresh by `account.changed`. */
export function useAccount(): {
  status: AccountStatus | null;
  setStatus: (s: AccountStatus) => void;
  reload: () => Promise<void>;
} {
  const loaded = useLoad(() => call('account.status'), []);
  const { setData } = loaded;
  const setStatus = useCallback((s: AccountStatus) => setData(s), [setData]);
  useEvent('account.changed', setStatus);
  return { status: loaded.data ?? null, setStatus, reload: loaded.reload };
}

/** The account's non-secret settings, or null before an account is connected. */
export function useProfile(): PublicProfile | null {
  return useAccount().status?.profile ?? null;
}
