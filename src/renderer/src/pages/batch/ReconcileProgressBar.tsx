import { useState } from 'react';
import { Alert, Progress } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReconcileProgress } from '../../../../shared/api/recovery';
import { useEvent } from '../../hooks/useEvent';
import { formatCount } from '../../lib/format';

/**
 * While the job's unknown rows are checked with Tencent (after a restart, on 核对, or before a
 * re-send), how far it has come: this can take minutes, and the user should not be left
 * guessing (or tempted to re-send meanwhile). Gone when the pass ends; `onDone` re-reads rows.
 */
export function ReconcileProgressBar({ jobId, onDone }: { jobId: number; onDone(): void }) {
  const { t } = useTranslation();
  const [p, setP] = useState<ReconcileProgress | null>(null);
  useEvent('job.reconcileProgress', (next) => {
    if (next.jobId !== jobId) return;
    setP(next.done ? null : next);
    if (next.done) onDone();
  });
  if (!p) return null;
  const percent = p.total > 0 ? Math.floor((p.checked / p.total) * 100) : 0;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="batch-reconcile-progress"
      data-checked={p.checked}
      data-total={p.total}
      title={t('recovery.reconcile.title')}
      description={
        <>
          <Progress percent={percent} status="active" />
          {t('recovery.reconcile.counts', {
            checked: formatCount(p.checked),
            total: formatCount(p.total),
            confirmed: formatCount(p.confirmed),
          })}
        </>
      }
    />
  );
}
