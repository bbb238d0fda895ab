import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '../../../../shared/api/imports';
import type { JobProgress, JobSummary } from '../../../../shared/api/outbox';
import { call, errorMessage, getApi } from '../../lib/sms';
import { PreflightPanel } from './PreflightPanel';
import { ProgressPanel } from './ProgressPanel';
import { ResultsPanel } from './ResultsPanel';

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
  const [job, setJob] = useState<JobSummary | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [importSummary, setImportSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const lastRefresh = useRef(0);

  const reload = useCallback(async () => {
    try {
      const j = await call('job.get', { jobId });
      setJob(j);
      setProgress(null);
      setRefresh((n) => n + 1);
    } catch (e) {
      const m = errorMessage(e);
      setError(t(m.key, m.params));
    }
  }, [jobId, t]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    if (importId === null) return;
    call('import.get', { importId }).then(setImportSummary, () => setImportSummary(null));
  }, [importId]);

  useEffect(() => {
    const api = getApi();
    const apply = (p: JobProgress, final: boolean) => {
      if (p.jobId !== jobId) return;
      setProgress(p);
      // The table re-reads its visible page at most once a second while rows are moving.
      const now = performance.now();
      if (final || now - lastRefresh.current > 1000) {
        lastRefresh.current = now;
        setRefresh((n) => n + 1);
      }
      if (final) void reload();
    };
    const off1 = api.on('job.progress', (p) => apply(p, false));
    const off2 = api.on('job.finished', (p) => apply(p, true));
    return () => {
      off1();
      off2();
    };
  }, [jobId, reload]);

  const status = progress?.status ?? job?.status;

  // Events can be missed (a reconnect); a slow poll keeps the screen honest while it runs.
  useEffect(() => {
    if (status !== 'running') return;
    const timer = setInterval(() => {
      call('job.get', { jobId }).then(
        (j) => {
          setJob(j);
          setProgress((p) =>
            p && p.status === j.status
              ? { ...p, counts: j.counts, total: j.total }
              : {
                  jobId,
                  status: j.status,
                  pausedReason: j.pausedReason,
                  total: j.total,
                  counts: j.counts,
                  ratePerSec: p?.ratePerSec ?? 0,
                  etaMs: p?.etaMs ?? null,
                  nextDueAt: p?.nextDueAt ?? null,
                },
          );
          setRefresh((n) => n + 1);
        },
        () => {},
      );
    }, 3000);
    return () => clearInterval(timer);
  }, [status, jobId]);

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
        <Alert type="error" showIcon title={error} />
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
          onStarted={(j) => {
            setJob(j);
            setProgress(null);
            setRefresh((n) => n + 1);
          }}
          onCancelled={() => onBack()}
        />
      ) : (
        <>
          <ProgressPanel
            job={job}
            progress={progress}
            onChanged={(j) => {
              setJob(j);
              setProgress(null);
              setRefresh((n) => n + 1);
            }}
          />
          <ResultsPanel
            job={job}
            counts={progress?.counts ?? job.counts}
            refreshToken={refresh}
            onChanged={() => void reload()}
          />
        </>
      )}
    </div>
  );
}
