import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { yuanText } from '../../../../shared/usage/cost';
import { useCall } from '../../hooks/useCall';
import { formatTime } from '../../lib/format';

/**
 * Before money is spent: the estimated cost in 元 and whether the packages cover it. Never
 * blocks: a stale or missing balance is said, with its age, and the send may go ahead.
 */
export function PreflightCost({ jobId }: { jobId: number }) {
  const { t, i18n } = useTranslation();
  const pre = useCall('usage.preflight', { jobId });
  const p = pre.data;
  if (!p) return null;
  const amount = yuanText(p.cost.units);
  const runsOut = p.rowsBeforeEmpty !== null && p.remaining !== null;
  const balanceText =
    p.remaining === null
      ? t('usage.preflight.noBalance')
      : runsOut
        ? t('usage.preflight.runsOut', {
            remaining: p.remaining,
            segments: p.packageSegments,
            rows: p.rowsBeforeEmpty ?? 0,
          })
        : t('usage.preflight.enough', { remaining: p.remaining });
  return (
    <div data-testid="usage-preflight" data-runs-out={runsOut ? 'yes' : 'no'}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <span data-testid="usage-preflight-cost">
          {t('usage.preflight.cost', { amount, segments: p.segments })}
        </span>{' '}
        <Typography.Text type="secondary">({t('usage.estimate')})</Typography.Text>
        {p.cost.unpricedSegments > 0 && (
          <Typography.Text type="warning">
            {' · '}
            {t('usage.preflight.unpriced', { count: p.cost.unpricedSegments })}
          </Typography.Text>
        )}
      </Typography.Paragraph>
      <Alert
        type={runsOut ? 'warning' : p.remaining === null ? 'info' : 'success'}
        showIcon
        data-testid="usage-preflight-balance"
        style={{ marginBottom: 12 }}
        title={balanceText}
        description={
          p.readAt !== null
            ? t('usage.preflight.age', { time: formatTime(p.readAt, i18n.language) })
            : undefined
        }
      />
    </div>
  );
}
