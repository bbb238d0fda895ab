import { useCallback, useEffect, useState } from 'react';
import type { AccountStatus } from '../../../../shared/api/account';
import { call, getApi } from '../../lib/sms';

/** The account status, kept fresh by `account.changed`. */
export function useAccountStatus(): {
  status: AccountStatus | null;
  setStatus: (s: AccountStatus) => void;
  reload: () => Promise<void>;
} {
  const [status, setStatus] = useState<AccountStatus | null>(null);
  const reload = useCallback(async () => {
    setStatus(await call('account.status'));
  }, []);
  useEffect(() => {
    void reload().catch(() => undefined);
    try {
      return getApi().on('account.changed', setStatus);
    } catch {
      return undefined;
    }
  }, [reload]);
  return { status, setStatus, reload };
}
