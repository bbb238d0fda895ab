import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HistoryRow } from '../../../shared/api/history';
import { formatTime } from '../lib/format';
import { useCall } from '../hooks/useCall';
import { useEvent } from '../hooks/useEvent';

const COLOR: Record<string, string> = {
  delivered: 'green',
  failed: 'red',
  waiting: 'processing',
  expired: 'default',
};

/**
 * A sent row's delivery receipt: 已送达 with the time the phone got it, 未送达 with the
 * carrier's code, 等待回执, or 回执已过期 (Tencent keeps receipts 7 days). Nothing for rows
 * that were not sent.
 */
export function DeliveryTag({
  receipt,
  compact = false,
}: {
  receipt: HistoryRow['receipt'];
  /** The word only (narrow columns); the time and code go to the tooltip. */
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  if (!receipt) return null;
  const word = t(`inbound.delivery.${receipt.status}`, { defaultValue: receipt.status });
  const when =
    receipt.status === 'delivered' && receipt.at ? ` ${formatTime(receipt.at, i18n.language)}` : '';
  const code =
    receipt.status === 'failed' && receipt.description ? ` (${receipt.description})` : '';
  const tip =
    receipt.status === 'expired'
      ? t('inbound.expiredHelp')
      : compact && (when || code)
        ? `${word}${when}${code}`
        : code
          ? receipt.description
          : null;
  const tag = (
    <Tag
      color={COLOR[receipt.status] ?? 'default'}
      data-testid="delivery"
      data-delivery={receipt.status}
    >
      {word}
      {compact ? '' : when}
      {compact ? '' : code}
    </Tag>
  );
  return tip ? <Tooltip title={tip}>{tag}</Tooltip> : tag;
}

/** 送达率 of one job, refreshed as receipts come in. */
export function deliveryRate(c: { delivered: number; failed: number }): string | null {
  const answered = c.delivered + c.failed;
  if (answered === 0) return null;
  return `${Math.round((c.delivered / answered) * 1000) / 10}%`;
}

/**
 * A job's delivery rate, refreshed as receipts come in; `onChanged` lets the row list refresh
 * on the same news.
 */
export function JobDelivery({ jobId, onChanged }: { jobId: number; onChanged?: () => void }) {
  const { t } = useTranslation();
  const counts = useCall('receipts.forJob', { jobId });
  useEvent('inbound.changed', () => {
    void counts.reload();
    onChanged?.();
  });
  useEvent('job.progress', (p) => {
    if (p.jobId === jobId) void counts.reload();
  });
  const c = counts.data;
  if (!c) return null;
  const rate = deliveryRate(c);
  return (
    <Typography.Text data-testid="job-delivery" type="secondary">
      {rate
        ? t('inbound.rate', { rate, delivered: c.delivered, failed: c.failed, waiting: c.waiting })
        : t('inbound.rateNone')}
    </Typography.Text>
  );
}
