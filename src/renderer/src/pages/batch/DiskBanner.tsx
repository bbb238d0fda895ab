import { Alert, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobSummary } from '../../../../shared/api/outbox';
import { useAction } from '../../hooks/useAction';
import { call } from '../../lib/sms';

/** Codes (a call's answer, or a job's pause reason) that mean the data's disk is the problem. */
const FULL = new Set(['disk_full', 'Local.DiskFull']);
const READ_ONLY = new Set(['disk_read_only', 'Local.DiskReadOnly']);

export const isDiskCode = (code: string | null | undefined): boolean =>
  code != null && (FULL.has(code) || READ_ONLY.has(code));

/**
 * The job stopped because the disk is full or read-only: say so plainly and offer 继续发送 in
 * place. It is shown even when the job itself cannot be read (every read may need a write).
 */
export function DiskBanner({
  jobId,
  code,
  onResumed,
}: {
  jobId: number;
  code: string;
  onResumed(job: JobSummary): void;
}) {
  const { t } = useTranslation();
  const { run, busy, error } = useAction({ exclusive: true });
  const readOnly = READ_ONLY.has(code);
  const resume = async () => {
    const job = await run(() => call('job.resume', { jobId }), 'resume');
    if (job) onResumed(job);
  };
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="batch-disk-banner"
      data-code={code}
      title={t(readOnly ? 'recovery.disk.readOnlyTitle' : 'recovery.disk.fullTitle')}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            {t('recovery.disk.body')}
          </Typography.Paragraph>
          {error && (
            <Typography.Paragraph type="danger" data-testid="batch-disk-error">
              {error}
            </Typography.Paragraph>
          )}
          <Button
            type="primary"
            data-testid="batch-disk-resume"
            loading={busy === 'resume'}
            onClick={() => void resume()}
          >
            {t('recovery.disk.resume')}
          </Button>
        </>
      }
    />
  );
}
