import { useState } from 'react';
import { Alert, Button, Modal, Popconfirm, Space, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobSummary } from '../../../../shared/api/outbox';
import { useAction } from '../../hooks/useAction';
import { call } from '../../lib/sms';
import { SendTimeChoice, sendTimeProblem, type SendTime } from './SendTimeChoice';

/** 立即发送 / 改时间 / 取消 for one scheduled (or missed) job. */
export function ScheduleActions({
  job,
  onChanged,
}: {
  job: JobSummary;
  onChanged(job: JobSummary): void;
}) {
  const { t } = useTranslation();
  const action = useAction({ exclusive: true });
  const [editing, setEditing] = useState<SendTime | null>(null);
  const marketing = job.options.marketing;
  const run = async (tag: string, fn: () => Promise<JobSummary>) => {
    const done = await action.run(fn, tag);
    if (done) {
      setEditing(null);
      onChanged(done);
    }
  };
  const problem = editing ? sendTimeProblem(editing, marketing, Date.now()) : null;
  return (
    <>
      <Space wrap data-testid={`schedule-actions-${job.id}`}>
        <Button
          type="primary"
          size="small"
          loading={action.busy === 'start'}
          data-testid={`schedule-start-${job.id}`}
          onClick={() => void run('start', () => call('job.start', { jobId: job.id }))}
        >
          {t('schedule.list.startNow')}
        </Button>
        <Button
          size="small"
          data-testid={`schedule-edit-${job.id}`}
          onClick={() => setEditing({ mode: 'later', at: job.scheduledAt ?? null })}
        >
          {t('schedule.list.reschedule')}
        </Button>
        <Popconfirm
          title={t('schedule.list.cancelConfirm', { count: job.total })}
          okText={t('schedule.list.cancelOk')}
          cancelText={t('schedule.list.keep')}
          okButtonProps={
            { danger: true, 'data-testid': `schedule-cancel-ok-${job.id}` } as ButtonProps
          }
          onConfirm={() => void run('cancel', () => call('job.cancel', { jobId: job.id }))}
        >
          <Button size="small" danger data-testid={`schedule-cancel-${job.id}`}>
            {t('schedule.list.cancel')}
          </Button>
        </Popconfirm>
      </Space>
      {action.error && !editing && (
        <Alert type="error" showIcon title={action.error} style={{ marginTop: 8 }} />
      )}
      <Modal
        open={editing !== null}
        title={t('schedule.list.reschedule')}
        okText={t('schedule.list.save')}
        cancelText={t('schedule.list.keep')}
        okButtonProps={{ disabled: problem !== null, loading: action.busy === 'edit' }}
        onCancel={() => setEditing(null)}
        onOk={() => {
          if (editing?.mode !== 'later' || editing.at === null) return;
          const at = editing.at;
          void run('edit', () => call('job.schedule', { jobId: job.id, at }));
        }}
        destroyOnHidden
      >
        {editing && (
          <SendTimeChoice value={editing} onChange={setEditing} marketing={marketing} laterOnly />
        )}
        {action.error && editing && (
          <Alert type="error" showIcon title={action.error} style={{ marginTop: 8 }} />
        )}
      </Modal>
    </>
  );
}
