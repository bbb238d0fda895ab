import { Alert, Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobSummary } from '../../../../shared/api/outbox';
import { formatTime } from '../../lib/format';
import { ScheduleActions } from './ScheduleActions';

/** A scheduled job's page: when it will send (or that it missed its time) and what can be done. */
export function ScheduledJobCard({
  job,
  onChanged,
}: {
  job: JobSummary;
  onChanged(job: JobSummary): void;
}) {
  const { t, i18n } = useTranslation();
  const time = formatTime(job.scheduledAt ?? null, i18n.language, false);
  return (
    <Card title={t('schedule.job.title')} data-testid="scheduled-job">
      {job.scheduleMissedAt && (
        <Alert
          type="warning"
          showIcon
          title={t('schedule.list.missed')}
          description={t('schedule.list.missedHint', { time })}
          style={{ marginBottom: 16 }}
        />
      )}
      <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('schedule.job.at')}>
          <span data-testid="scheduled-job-at">{time}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('schedule.list.colRecipients')}>{job.total}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary">{t('schedule.job.note')}</Typography.Paragraph>
      <ScheduleActions job={job} onChanged={onChanged} />
    </Card>
  );
}
