import { Alert, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobSummary } from '../../../../shared/api/outbox';
import { useLoad } from '../../hooks/useCall';
import { useEvent } from '../../hooks/useEvent';
import { formatTime, zoneNote } from '../../lib/format';
import { call } from '../../lib/sms';
import { ScheduleActions } from './ScheduleActions';

/** Scheduled jobs of one kind, soonest first (a missed one first of all). */
export async function scheduledJobs(kind?: JobSummary['kind']): Promise<JobSummary[]> {
  const { items } = await call('job.list', { status: 'scheduled', limit: 200 });
  return items
    .filter((j) => kind === undefined || j.kind === kind)
    .sort((a, b) => (a.scheduledAt ?? 0) - (b.scheduledAt ?? 0));
}

/**
 * 已定时: the jobs waiting for their time, each with 立即发送 / 改时间 / 取消. Shown only when
 * there is at least one; it follows the outbox's events, so a job that starts leaves the list.
 */
export function ScheduledJobs({
  kind,
  onOpenJob,
}: {
  kind: JobSummary['kind'];
  onOpenJob?(jobId: number): void;
}) {
  const { t, i18n } = useTranslation();
  const list = useLoad(() => scheduledJobs(kind), [kind]);
  const jobs = list.data ?? [];
  const reload = () => void list.reload();
  useEvent('job.progress', (p) => {
    if (p.status === 'scheduled' || jobs.some((j) => j.id === p.jobId)) reload();
  });
  useEvent('job.scheduleMissed', reload);
  if (jobs.length === 0 && !list.error) return null;
  return (
    <Card
      title={t('schedule.list.title')}
      size="small"
      style={{ marginBottom: 16 }}
      data-testid={`scheduled-${kind}`}
    >
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<JobSummary>
        size="small"
        rowKey="id"
        dataSource={jobs}
        pagination={false}
        columns={[
          {
            title: '#',
            width: 60,
            render: (_v, j) =>
              onOpenJob ? (
                <Typography.Link onClick={() => onOpenJob(j.id)}>{j.id}</Typography.Link>
              ) : (
                j.id
              ),
          },
          {
            title: `${t('schedule.list.at')}${zoneNote(i18n.language)}`,
            width: 230,
            render: (_v, j) => (
              <span data-testid={`scheduled-at-${j.id}`}>
                {formatTime(j.scheduledAt ?? null, i18n.language, false)}{' '}
                {j.scheduleMissedAt ? (
                  <Tag color="red">{t('schedule.list.missed')}</Tag>
                ) : (
                  <Tag color="blue">{t('schedule.status.scheduled')}</Tag>
                )}
              </span>
            ),
          },
          {
            title: t('schedule.list.colRecipients'),
            width: 90,
            render: (_v, j) => j.total,
          },
          {
            title: t('schedule.list.colContent'),
            ellipsis: true,
            render: (_v, j) => j.templateContent,
          },
          {
            title: '',
            width: 250,
            render: (_v, j) => <ScheduleActions job={j} onChanged={reload} />,
          },
        ]}
      />
    </Card>
  );
}
