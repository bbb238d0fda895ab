import { useTranslation } from 'react-i18next';
import { describeTencentCode } from '../../../../shared/tencent-errors';

/** A Tencent or transport code in the catalog's plain words, in the UI language. */
export function useCodeText(): (code: string | null) => string {
  const { i18n } = useTranslation();
  return (code) => {
    if (!code || code === 'Ok') return '';
    const entry = describeTencentCode(code);
    return i18n.language === 'en-US' ? entry.en : entry.zh;
  };
}
