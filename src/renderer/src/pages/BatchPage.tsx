import { useState } from 'react';
import { Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTemplates } from '../hooks/useTemplates';
import { useEvent } from '../hooks/useEvent';
import { ImportStep } from './batch/ImportStep';
import { JobList } from './batch/JobList';
import { JobView } from './batch/JobView';
import { ReviewStep } from './batch/ReviewStep';
import { ScheduledJobs } from '../components/schedule/ScheduledJobs';
import { takeJobToOpen } from '../components/schedule/openJob';

type View =
  | { kind: 'list' }
  | { kind: 'import' }
  | { kind: 'review'; importId: number; signName: string | undefined }
  | { kind: 'job'; jobId: number; importId: number | null };

const STEP: Record<View['kind'], number> = { list: -1, import: 0, review: 1, job: 2 };

/** 批量发送: list of jobs → import → review → pre-flight → progress and results. */
export function BatchPage() {
  const { t } = useTranslation();
  const tpl = useTemplates({ autoSync: true });
  const [view, setView] = useState<View>(() => {
    // A notification or the tray asked for a job (see App).
    const jobId = takeJobToOpen();
    return jobId === null ? { kind: 'list' } : { kind: 'job', jobId, importId: null };
  });
  const toList = () => setView({ kind: 'list' });
  useEvent('app.openJob', (p) => setView({ kind: 'job', jobId: p.jobId, importId: null }));

  return (
    <div data-page="batch">
      <Typography.Title level={3}>{t('batch.title')}</Typography.Title>
      {view.kind !== 'list' && (
        <Steps
          size="small"
          style={{ marginBottom: 16 }}
          current={STEP[view.kind]}
          items={[
            { title: t('batch.steps.import') },
            { title: t('batch.steps.review') },
            { title: t('batch.steps.send') },
          ]}
        />
      )}
      {view.kind === 'list' && (
        <ScheduledJobs
          kind="batch"
          onOpenJob={(jobId) => setView({ kind: 'job', jobId, importId: null })}
        />
      )}
      {view.kind === 'list' && (
        <JobList
          onNew={() => setView({ kind: 'import' })}
          onOpenJob={(jobId) => setView({ kind: 'job', jobId, importId: null })}
          onOpenImport={(importId) => setView({ kind: 'review', importId, signName: undefined })}
        />
      )}
      {view.kind === 'import' && (
        <ImportStep
          tpl={tpl}
          onCancel={toList}
          onDone={(d) => setView({ kind: 'review', importId: d.importId, signName: d.signName })}
        />
      )}
      {view.kind === 'review' && (
        <ReviewStep
          importId={view.importId}
          signName={view.signName}
          tpl={tpl}
          onBack={toList}
          onJob={(jobId) => setView({ kind: 'job', jobId, importId: view.importId })}
        />
      )}
      {view.kind === 'job' && (
        <JobView jobId={view.jobId} importId={view.importId} onBack={toList} />
      )}
    </div>
  );
}
