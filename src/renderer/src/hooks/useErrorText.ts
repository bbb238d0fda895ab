import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/sms';

/** Turns anything thrown by a call into the sentence the user reads, in the current language. */
export function useErrorText(): (e: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (e: unknown) => {
      const m = errorMessage(e);
      return t(m.key, m.params);
    },
    [t],
  );
}
