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

/**
 * A row's result in words, the same on every screen: a send Tencent accepted (code `Ok`) reads
 * 发送成功, never the raw code; any other code reads as its catalog text.
 */
export function useResultText(): (code: string | null, state: string) => string {
  const { t } = useTranslation();
  const codeText = useCodeText();
  return (code, state) =>
    (!code || code === 'Ok') && state === 'sent' ? t('send.results.ok') : codeText(code);
}
