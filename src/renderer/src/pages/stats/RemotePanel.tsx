import { Alert, Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RemoteStats, Stats } from '../../../../shared/api/usage';

/** Tencent's own counts beside the local ones; each figure says where it comes from. */
export function RemotePanel({
  remote,
  local,
  practice,
}: {
  remote: RemoteStats | undefined;
  local: Stats;
  practice: boolean;
}) {
  const { t } = useTranslation();
  if (!remote) return null;
  const p = remote.problem;
  return (
    <Card
      size="small"
      title={t('usage.stats.tencentTitle')}
      style={{ marginBottom: 16 }}
      data-testid="stats-remote"
      extra={<Typography.Text type="secondary">{t('usage.stats.sourceTencent')}</Typography.Text>}
    >
      {p && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="stats-remote-problem"
          title={t(p.messageKey, { permission: p.permission ?? '', code: p.code })}
        />
      )}
      {practice && (
        <Typography.Paragraph type="secondary">{t('usage.stats.practice')}</Typography.Paragraph>
      )}
      {remote.send && (
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label={t('usage.stats.tencentSends')}>
            <span data-testid="remote-requests">{remote.send.requestCount}</span>
            <Typography.Text type="secondary">
              {' '}
              ({t('usage.stats.sourceLocal')}: {local.totals.sends})
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('usage.stats.tencentSuccess')}>
            <span data-testid="remote-success">{remote.send.requestSuccessCount}</span>
            <Typography.Text type="secondary">
              {' '}
              ({t('usage.stats.sourceLocal')}: {local.totals.sent})
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('usage.stats.tencentFee')}>
            <span data-testid="remote-fee">{remote.send.feeCount}</span>
            <Typography.Text type="secondary">
              {' '}
              ({t('usage.stats.sourceLocal')}: {local.totals.segments})
            </Typography.Text>
          </Descriptions.Item>
          {remote.callback && (
            <>
              <Descriptions.Item label={t('usage.stats.tencentCallbacks')}>
                {remote.callback.callbackCount}
              </Descriptions.Item>
              <Descriptions.Item label={t('usage.stats.tencentDelivered')} span={2}>
                {remote.callback.callbackSuccessCount}
              </Descriptions.Item>
            </>
          )}
        </Descriptions>
      )}
      {remote.clipped && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('usage.stats.clipped')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
