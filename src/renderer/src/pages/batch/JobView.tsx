import { useEffect } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../hooks/useCall';
import { useJob } from '../../hooks/useJob';
import { DiskBanner, isDiskCode } from './DiskBanner';
import { PreflightPanel } from './PreflightPanel';
import { ReconcileProgressBar } from './ReconcileProgressBar';
import { ProgressPanel } from './ProgressPanel';
import { ResultsPanel } from './ResultsPanel';
import { ScheduledJobCard } from '../../components/schedule/ScheduledJobCard';

/** Steps 3–5 for one job: pre-flight while it is a draft, then progress and results. */
export function JobView({
  jobId,
  importId,
  onBack,
}: {
  jobId: number;
  importId: number | null;
  onBack(): void;
}) {
  const { t } = useTranslation();
  const { job, progress, rowsVersion, error, errorCode, reload, adopt } = useJob(jobId);
  const importSummary =
    useCall('import.get', { importId: importId ?? 0 }, { enabled: importId !== null }).data ?? null;
  const status = progress?.status ?? job?.status;

  // Closing the window mid-send asks first (the job would be left interrupted).
  useEffect(() => {
    if (status !== 'running') return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [status]);

  const header = (
    <Space style={{ marginBottom: 16 }}>
      <Button onClick={onBack} data-testid="batch-back-to-list">
        {t('batch.common.backToList')}
      </Button>
      {job && (
        <Typography.Text type="secondary">
          {t('batch.job.heading', {
            id: job.id,
            sign: job.signName ?? '',
            content: job.templateContent,
          })}
        </Typography.Text>
      )}
    </Space>
  );

  if (error)
    return (
      <div data-testid="batch-job-view">
        {header}
        {isDiskCode(errorCode) ? (
          <DiskBanner jobId={jobId} code={errorCode ?? ''} onResumed={adopt} />
        ) : (
          <Alert type="error" showIcon title={error} />
        )}
      </div>
    );
  if (!job) return <div data-testid="batch-job-view">{header}</div>;

  return (
    <div data-testid="batch-job-view" data-job-id={job.id}>
      {header}
      {job.status === 'draft' ? (
        <PreflightPanel
          job={job}
          importSummary={importSummary}
          onStarted={adopt}
          onCancelled={() => onBack()}
        />
      ) : status === 'scheduled' ? (
        <ScheduledJobCard job={job} onChanged={adopt} />
      ) : (
        <>
          {(progress?.status ?? job.status) === 'paused' && isDiskCode(job.lastErrorCode) && (
            <DiskBanner jobId={job.id} code={job.lastErrorCode ?? ''} onResumed={adopt} />
          )}
          <ProgressPanel job={job} progress={progress} onChanged={adopt} />
          <ReconcileProgressBar jobId={job.id} onDone={() => void reload()} />
          <ResultsPanel
            job={job}
            counts={progress?.counts ?? job.counts}
            refreshToken={rowsVersion}
            onChanged={() => void reload()}
          />
        </>
      )}
    </div>
  );
}
