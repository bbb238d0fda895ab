import { Alert, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../hooks/useCall';
import { useEvent } from '../../hooks/useEvent';
import { formatTime } from '../../lib/format';
import { scheduledJobs } from './ScheduledJobs';
import { ScheduleActions } from './ScheduleActions';

/**
 * On every page: scheduled jobs whose time passed while the app was closed. Nothing was sent;
 * the user chooses 立即发送 / 改时间 / 取消 here.
 */
export function MissedSchedules() {
  const { t, i18n } = useTranslation();
  const list = useLoad(() => scheduledJobs(), []);
  const missed = (list.data ?? []).filter((j) => j.scheduleMissedAt);
  const reload = () => void list.reload();
  useEvent('job.scheduleMissed', reload);
  useEvent('job.progress', (p) => {
    if (missed.some((j) => j.id === p.jobId)) reload();
  });
  if (missed.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
      {missed.map((j) => (
        <Alert
          key={j.id}
          type="warning"
          showIcon
          data-testid={`missed-${j.id}`}
          title={`${t('schedule.list.missed')}（${t('schedule.list.job', { id: j.id })}）`}
          description={
            <Space orientation="vertical">
              <span>
                {t('schedule.list.missedHint', {
                  time: formatTime(j.scheduledAt ?? null, i18n.language, false),
                })}
              </span>
              <ScheduleActions job={j} onChanged={reload} />
            </Space>
          }
        />
      ))}
    </Space>
  );
}
