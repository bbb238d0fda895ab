import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Popconfirm, Progress, Space, Table, Tooltip, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobRow } from '../../../../shared/api/outbox';
import { describeTencentCode } from '../../../../shared/tencent-errors';
import { formatPhone } from '../../../../shared/phone';
import { CooldownBadge } from '../../components/CooldownBadge';
import { RowStateTag } from '../../components/job/RowStateTag';
import { endedCancelled, jobBar, settledCount } from '../../components/job/states';
import { DeliveryTag, JobDelivery } from '../../components/DeliveryTag';
import { useCodeText } from '../../components/job/useCodeText';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import { useJob } from '../../hooks/useJob';
import { refreshCooldown } from '../../lib/cooldown-store';
import { formatDuration } from '../../lib/format';
import { call } from '../../lib/sms';
import { JobCost } from '../../components/usage/JobCost';
import { tickerNow, useNow } from '../../lib/ticker';

function HeldCountdown({ until }: { until: number }) {
  const { t } = useTranslation();
  const now = useNow(until > tickerNow());
  return (
    <span data-testid="held-countdown">
      {until > now
        ? t('send.results.heldFor', { time: formatDuration(until - now) })
        : t('send.results.heldDue')}
    </span>
  );
}

/** The small round bar: grey for a cancelled job, and never "100%" when nothing went out. */
function circle(
  bar: ReturnType<typeof jobBar>,
  done: number,
  total: number,
): { percent: number; status: 'active' | 'success' | 'normal'; strokeColor?: string } {
  const percent = total === 0 ? 100 : Math.round((done / total) * 100);
  return bar.strokeColor
    ? bar
    : { percent, status: bar.status === 'active' ? 'normal' : bar.status };
}

/** Per-number results of one job, kept live by job.progress / job.finished pushes. */
export function JobResults({ jobId }: { jobId: number }) {
  const { t } = useTranslation();
  const codeText = useCodeText();
  const { job, progress, rowsVersion, error: jobError, reload } = useJob(jobId);
  const loaded = useCall(
    'job.rows',
    { jobId, limit: 10_000 },
    {
      enabled: rowsVersion > 0,
      deps: [rowsVersion],
    },
  );
  const rows = useMemo(() => loaded.data?.items ?? [], [loaded.data]);
  const action = useAction();
  const busy = action.busy !== null;
  const shownError = action.error ?? loaded.error ?? jobError;
  const [closed, setClosed] = useState<string | null>(null);
  const error = shownError !== closed ? shownError : null;
  const counts = progress?.counts ?? job?.counts;

  const settledPhones = rows
    .filter((r) => r.state === 'sent')
    .map((r) => r.phone)
    .join(',');
  useEffect(() => {
    if (settledPhones) refreshCooldown(settledPhones.split(','));
  }, [settledPhones]);

  const act = (fn: () => Promise<unknown>) =>
    action.run(async () => {
      await fn();
      await reload();
    });

  const done = counts ? settledCount(counts) : 0;
  const status = progress?.status ?? job?.status ?? 'draft';
  const retryable = rows.filter((r) => r.state === 'failed' && r.retrySafe);
  const unknown = rows.filter((r) => r.state === 'unknown');

  return (
    <div data-testid="job-results" data-job={jobId} data-status={job?.status ?? ''}>
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 8 }}
          closable
          onClose={() => setClosed(shownError)}
        />
      )}
      {job && counts && (
        <Space style={{ marginBottom: 8 }} wrap>
          <Progress
            type="circle"
            size={48}
            data-testid="job-progress"
            data-status={status}
            {...circle(jobBar(status, counts, job.total), done, job.total)}
          />
          <Typography.Text data-testid="job-counts">
            {endedCancelled(status, counts)
              ? t('polish.job.cancelled', {
                  sent: counts.sent,
                  cancelled: counts.cancelled,
                  total: job.total,
                })
              : t('send.results.counts', {
                  sent: counts.sent,
                  failed: counts.failed,
                  unknown: counts.unknown,
                  held: counts.held,
                  pending: counts.pending + counts.sending,
                  fee: job.feeTotal,
                })}
          </Typography.Text>
          <JobCost jobId={jobId} revision={`${job.feeTotal}:${job.status}`} />
          {retryable.length > 0 && (
            <Button
              disabled={busy}
              onClick={() =>
                void act(() => call('job.retry', { jobId, rowNos: retryable.map((r) => r.rowNo) }))
              }
            >
              {t('send.results.retryAll', { count: retryable.length })}
            </Button>
          )}
        </Space>
      )}
      {unknown.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="unknown-explained"
          title={t('send.results.unknownTitle', { count: unknown.length })}
          description={
            <Space orientation="vertical">
              <span>{t('send.results.unknownBody')}</span>
              <Space>
                <Button
                  disabled={busy}
                  onClick={() =>
                    void act(() =>
                      call('job.reconcile', { jobId, rowNos: unknown.map((r) => r.rowNo) }),
                    )
                  }
                >
                  {t('send.results.reconcile')}
                </Button>
                <Popconfirm
                  title={t('send.results.resendConfirm')}
                  onConfirm={() =>
                    act(() =>
                      call('job.resendUnknown', { jobId, rowNos: unknown.map((r) => r.rowNo) }),
                    )
                  }
                >
                  <Button danger disabled={busy}>
                    {t('send.results.resendUnknown')}
                  </Button>
                </Popconfirm>
              </Space>
            </Space>
          }
        />
      )}
      <div style={{ marginBottom: 8 }}>
        <JobDelivery jobId={jobId} onChanged={() => void loaded.reload()} />
      </div>
      <Table<JobRow>
        size="small"
        rowKey="rowNo"
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50 } : false}
        onRow={(r) =>
          ({
            'data-testid': 'result-row',
            'data-phone': r.phone,
            'data-state': r.state,
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('send.results.col.phone'),
            render: (_v, r) => (
              <Space size={4}>
                <span>{formatPhone(r.phone)}</span>
                <CooldownBadge phone={r.phone} />
              </Space>
            ),
          },
          {
            title: t('send.results.col.state'),
            width: 170,
            render: (_v, r) => (
              <Space orientation="vertical" size={0}>
                <RowStateTag state={r.state} testId="row-state" />
                {r.state === 'held' && r.notBefore !== null && (
                  <HeldCountdown until={r.notBefore} />
                )}
                {r.state === 'held' && r.heldReason && (
                  <Typography.Text type="secondary">
                    {t(`send.heldReason.${r.heldReason}`)}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('send.results.col.result'),
            render: (_v, r) => {
              if (r.state === 'unknown')
                return (
                  <Typography.Text type="warning">{t('send.results.unknownRow')}</Typography.Text>
                );
              if (!r.code || r.code === 'Ok') return r.state === 'sent' ? t('send.results.ok') : '';
              const entry = describeTencentCode(r.code);
              return (
                <Space orientation="vertical" size={0}>
                  <span>{codeText(r.code)}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.code} ·{' '}
                    {t(`send.retry.${r.state === 'failed' && r.retrySafe ? 'safe' : entry.retry}`)}
                  </Typography.Text>
                </Space>
              );
            },
          },
          {
            title: t('history.col.receipt'),
            width: 190,
            render: (_v, r) => <DeliveryTag receipt={r.receipt ?? null} />,
          },
          {
            title: t('send.results.col.serial'),
            dataIndex: 'serialNo',
            render: (v: string | null) => <span data-testid="row-serial">{v ?? ''}</span>,
          },
          {
            title: t('send.results.col.fee'),
            dataIndex: 'fee',
            width: 70,
            render: (v: number | null) => v ?? '',
          },
          {
            title: '',
            width: 90,
            render: (_v, r) =>
              r.state === 'held' ? (
                <Popconfirm
                  title={t('polish.held.cancelTitle')}
                  okText={t('polish.held.cancelOk')}
                  cancelText={t('batch.common.keepGoing')}
                  okButtonProps={{ 'data-testid': 'cancel-held-ok' } as ButtonProps}
                  onConfirm={() => act(() => call('job.cancelHeld', { jobId, rowNos: [r.rowNo] }))}
                >
                  <Button size="small" danger disabled={busy} data-testid="cancel-held">
                    {t('polish.held.cancel')}
                  </Button>
                </Popconfirm>
              ) : r.state === 'failed' ? (
                r.retrySafe ? (
                  <Button
                    size="small"
                    disabled={busy}
                    onClick={() => void act(() => call('job.retry', { jobId, rowNos: [r.rowNo] }))}
                  >
                    {t('send.results.retry')}
                  </Button>
                ) : (
                  <Tooltip title={t('send.results.notRetryable')}>
                    <Button size="small" disabled>
                      {t('send.results.retry')}
                    </Button>
                  </Tooltip>
                )
              ) : null,
          },
        ]}
      />
    </div>
  );
}
