import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { yuanText } from '../../../../shared/usage/cost';
import { useCall } from '../../hooks/useCall';

/** A job's estimated cost in 元, from its sent rows; reloads when `revision` changes. */
export function JobCost({ jobId, revision }: { jobId: number; revision?: unknown }) {
  const { t } = useTranslation();
  const cost = useCall('usage.jobCost', { jobId }, { deps: [revision] });
  if (!cost.data) return null;
  return (
    <Typography.Paragraph data-testid="usage-job-cost" style={{ marginBottom: 8 }}>
      {t('usage.job.cost', { amount: yuanText(cost.data.units), segments: cost.data.segments })}{' '}
      <Typography.Text type="secondary">({t('usage.estimate')})</Typography.Text>
      {cost.data.unpricedSegments > 0 && (
        <Typography.Text type="warning">
          {' · '}
          {t('usage.preflight.unpriced', { count: cost.data.unpricedSegments })}
        </Typography.Text>
      )}
    </Typography.Paragraph>
  );
}
