import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import { formatTime } from '../../lib/format';
import { call } from '../../lib/sms';

/** Tencent's answers that mean "no package left": a top-up then a resume fixes them. */
const BALANCE_CODES = new Set(['FailedOperation.InsufficientBalanceInSmsPackage']);

/**
 * A job paused because the package ran out: read the balance again (刷新余量) after a top-up,
 * then 继续发送. Shown only for the balance codes; anything else keeps the usual banner.
 */
export function BalancePause({ code, onResume }: { code: string | null; onResume(): void }) {
  const { t, i18n } = useTranslation();
  const shown = code !== null && BALANCE_CODES.has(code);
  const balance = useCall('usage.balance', {}, { enabled: shown });
  const action = useAction({ exclusive: true });
  if (!shown) return null;
  const b = balance.data;
  const refresh = async () => {
    const fresh = await action.run(() => call('usage.refreshBalance', {}), 'refresh');
    if (fresh) balance.setData(fresh);
  };
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="usage-balance-pause"
      title={
        b && b.remaining !== null
          ? t('usage.balance.remaining', { count: b.remaining })
          : t('usage.balance.unknown')
      }
      description={
        <Space direction="vertical">
          {b?.readAt != null && (
            <span>{t('usage.balance.readAt', { time: formatTime(b.readAt, i18n.language) })}</span>
          )}
          {action.error && <span>{action.error}</span>}
          <Space>
            <Button
              data-testid="usage-refresh-balance"
              loading={action.busy === 'refresh'}
              onClick={() => void refresh()}
            >
              {t('usage.balance.refresh')}
            </Button>
            <Button type="primary" data-testid="usage-resume" onClick={onResume}>
              {t('batch.progress.resume')}
            </Button>
          </Space>
        </Space>
      }
    />
  );
}
