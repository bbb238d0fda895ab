import { useState } from 'react';
import { Alert, Button, Card, Modal, Progress, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobProgress, JobSummary } from '../../../../shared/api/outbox';
import { ROW_STATES } from '../../../../shared/api/outbox';
import { isDiskCode } from './DiskBanner';
import { RowStateTag } from '../../components/job/RowStateTag';
import { BalancePause } from '../../components/usage/BalancePause';
import {
  endedCancelled,
  jobBar,
  jobStatusColor,
  jobStatusKey,
  settledCount,
  waitingUntil,
} from '../../components/job/states';
import { useCodeText } from '../../components/job/useCodeText';
import { useAction } from '../../hooks/useAction';
import { formatCount, formatDuration, formatTime, formatWaitTime } from '../../lib/format';
import { call } from '../../lib/sms';

/** Step 4: the bar, counts by state, speed and time left, and the controls. */
export function ProgressPanel({
  job,
  progress,
  onChanged,
}: {
  job: JobSummary;
  progress: JobProgress | null;
  onChanged(job: JobSummary): void;
}) {
  const { t, i18n } = useTranslation();
  const codeText = useCodeText();
  const { run, busy, error } = useAction();
  const [askCancel, setAskCancel] = useState(false);

  const status = progress?.status ?? job.status;
  const pausedReason = progress ? progress.pausedReason : job.pausedReason;
  const counts = progress?.counts ?? job.counts;
  const total = progress?.total ?? job.total;
  const done = settledCount(counts);
  const bar = jobBar(status, counts, total);
  const waitFor = waitingUntil(status, counts, progress?.nextDueAt ?? null);

  const act = async (name: 'job.pause' | 'job.resume' | 'job.cancel') => {
    const changed = await run(() => call(name, { jobId: job.id }), name);
    if (changed) onChanged(changed);
  };

  const s = { status, pausedReason };
  const live = status === 'running' || status === 'paused';
  return (
    <Card
      title={
        <Space>
          {t('batch.progress.title')}
          <Tag
            color={jobStatusColor(s)}
            data-testid="batch-job-status"
            data-status={status}
            data-reason={pausedReason ?? ''}
          >
            {t(jobStatusKey(s))}
          </Tag>
        </Space>
      }
      style={{ marginBottom: 16 }}
      data-testid="batch-progress"
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {status === 'paused' && pausedReason === 'interrupted' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="batch-interrupted"
          title={t('batch.progress.interrupted')}
        />
      )}
      {/* A full or read-only disk has its own banner above (DiskBanner). */}
      {status === 'paused' && pausedReason === 'error' && !isDiskCode(job.lastErrorCode) && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('batch.progress.pausedError', { reason: codeText(job.lastErrorCode) })}
        />
      )}
      {status === 'paused' && pausedReason === 'error' && (
        <BalancePause code={job.lastErrorCode} onResume={() => void act('job.resume')} />
      )}
      <Progress
        percent={bar.percent}
        status={bar.status}
        {...(bar.strokeColor ? { strokeColor: bar.strokeColor } : {})}
        data-testid="batch-progress-bar"
        data-done={done}
        data-total={total}
      />
      <Typography.Paragraph data-testid="batch-progress-done">
        {endedCancelled(status, counts)
          ? t('polish.job.cancelled', {
              sent: formatCount(counts.sent),
              cancelled: formatCount(counts.cancelled),
              total: formatCount(total),
            })
          : t('batch.progress.done', { done: formatCount(done), total: formatCount(total) })}
      </Typography.Paragraph>
      <Space wrap size="large" style={{ marginBottom: 12 }}>
        {ROW_STATES.map((state) => (
          <Statistic
            key={state}
            title={<RowStateTag state={state} wording="batch" />}
            value={counts[state]}
            data-testid={`batch-count-${state}`}
          />
        ))}
      </Space>
      {waitFor !== null && (
        <Typography.Paragraph data-testid="batch-waiting">
          {t('polish.progress.waitUntil', { time: formatWaitTime(waitFor, i18n.language) })}
        </Typography.Paragraph>
      )}
      {status === 'running' && progress && waitFor === null && (
        <Typography.Paragraph data-testid="batch-speed">
          {t('batch.progress.speed', { rate: progress.ratePerSec.toFixed(1) })}
          {progress.etaMs !== null &&
            ` · ${t('batch.progress.eta', { time: formatDuration(progress.etaMs) })}`}
          {progress.nextDueAt !== null &&
            ` · ${t('batch.progress.nextDue', { time: formatTime(progress.nextDueAt, i18n.language) })}`}
        </Typography.Paragraph>
      )}
      {live && (
        <Space style={{ display: 'flex' }}>
          {status === 'running' ? (
            <Button
              data-testid="batch-pause"
              loading={busy === 'job.pause'}
              onClick={() => void act('job.pause')}
            >
              {t('batch.progress.pause')}
            </Button>
          ) : (
            <Button
              type="primary"
              data-testid="batch-resume"
              loading={busy === 'job.resume'}
              onClick={() => void act('job.resume')}
            >
              {t('batch.progress.resume')}
            </Button>
          )}
          <Button danger data-testid="batch-cancel" onClick={() => setAskCancel(true)}>
            {t('batch.progress.cancel')}
          </Button>
        </Space>
      )}
      <Modal
        open={askCancel}
        title={t('batch.progress.cancelTitle')}
        okText={t('batch.progress.cancelOk')}
        okButtonProps={{ danger: true }}
        cancelText={t('batch.common.keepGoing')}
        onOk={() => {
          setAskCancel(false);
          void act('job.cancel');
        }}
        onCancel={() => setAskCancel(false)}
      >
        {t('batch.progress.cancelBody', { count: counts.pending + counts.held })}
      </Modal>
    </Card>
  );
}
