import { Card, Space, Statistic } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../hooks/useCall';
import { useEvent } from '../../hooks/useEvent';
import { formatTime } from '../../lib/format';
import { call } from '../../lib/sms';

/** 概览 on the 发送 page: today's sends, the package left, the last job's delivery rate. */
export function OverviewCard() {
  const { t, i18n } = useTranslation();
  const [finished, setFinished] = useState(0);
  // A job that ends changes today's count and the balance (main reads it again after a job).
  useEvent('job.finished', () => setFinished((n) => n + 1));
  const overview = useCall('usage.overview', {}, { deps: [finished] });
  const { reload } = overview;
  // Opening 发送 reads the balance again (paced in main); the card shows the cache meanwhile.
  useEffect(() => {
    call('usage.refreshBalance', {}).then(
      () => void reload(),
      () => undefined,
    );
  }, [reload]);
  const o = overview.data;
  if (!o) return null;
  const last = o.lastJob;
  const known = last ? last.delivered + last.failed : 0;
  return (
    <Card
      size="small"
      title={t('usage.overview.title')}
      style={{ marginBottom: 16 }}
      data-testid="usage-overview"
    >
      <Space size="large" wrap>
        <Statistic
          title={t('usage.overview.today')}
          value={o.todaySends}
          data-testid="overview-today"
        />
        <Statistic
          title={t('usage.overview.remaining')}
          value={o.remaining ?? t('usage.balance.unknown')}
          suffix={
            o.readAt !== null ? (
              <span style={{ fontSize: 12 }}>
                {t('usage.balance.readAt', { time: formatTime(o.readAt, i18n.language) })}
              </span>
            ) : undefined
          }
        />
        <Statistic
          title={t('usage.overview.lastDelivery')}
          value={
            last && known > 0
              ? `${Math.round((last.delivered / known) * 1000) / 10}%`
              : t('usage.stats.noReceipts')
          }
        />
      </Space>
    </Card>
  );
}
