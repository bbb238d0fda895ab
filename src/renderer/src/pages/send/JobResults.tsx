import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Popconfirm, Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobRow, JobSummary, RowState } from '../../../../shared/api/outbox';
import { describeTencentCode } from '../../../../shared/tencent-errors';
import { formatPhone } from '../../../../shared/phone';
import { CooldownBadge } from '../../components/CooldownBadge';
import { refreshCooldown } from '../../lib/cooldown-store';
import { call, errorMessage, getApi } from '../../lib/sms';
import { formatCountdown, tickerNow, useNow } from '../../lib/ticker';

export const STATE_COLOR: Record<RowState, string> = {
  pending: 'default',
  held: 'orange',
  sending: 'processing',
  sent: 'green',
  failed: 'red',
  unknown: 'purple',
  skipped: 'default',
  cancelled: 'default',
};

/** The catalog's plain text for a Tencent code, in the UI language. */
export function useCodeText(): (code: string | null) => string {
  const { i18n } = useTranslation();
  return (code) => {
    if (!code || code === 'Ok') return '';
    const e = describeTencentCode(code);
    return i18n.language === 'en-US' ? e.en : e.zh;
  };
}

function HeldCountdown({ until }: { until: number }) {
  const { t } = useTranslation();
  const now = useNow(until > tickerNow());
  return (
    <span data-testid="held-countdown">
      {until > now
        ? t('send.results.heldFor', { time: formatCountdown(until - now) })
        : t('send.results.heldDue')}
    </span>
  );
}

/** Per-number results of one job, kept live by job.progress / job.finished pushes. */
export function JobResults({ jobId }: { jobId: number }) {
  const { t } = useTranslation();
  const codeText = useCodeText();
  const [job, setJob] = useState<JobSummary | null>(null);
  const [rows, setRows] = useState<JobRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const loading = useRef(false);
  const again = useRef(false);

  const load = useCallback(async () => {
    // One load at a time; a push during a load schedules exactly one more.
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = true;
    try {
      do {
        again.current = false;
        const [j, r] = await Promise.all([
          call('job.get', { jobId }),
          call('job.rows', { jobId, limit: 10_000 }),
        ]);
        setJob(j);
        setRows(r.items);
      } while (again.current);
    } catch (e) {
      const m = errorMessage(e);
      setError(t(m.key, m.params));
    } finally {
      loading.current = false;
    }
  }, [jobId, t]);

  useEffect(() => {
    void load();
    const api = getApi();
    const offs = [
      api.on('job.progress', (p) => {
        if (p.jobId === jobId) void load();
      }),
      api.on('job.finished', (p) => {
        if (p.jobId === jobId) void load();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [jobId, load]);

  const settledPhones = rows
    .filter((r) => r.state === 'sent')
    .map((r) => r.phone)
    .join(',');
  useEffect(() => {
    if (settledPhones) refreshCooldown(settledPhones.split(','));
  }, [settledPhones]);

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      await load();
    } catch (e) {
      const m = errorMessage(e);
      setError(t(m.key, m.params));
    } finally {
      setBusy(false);
    }
  };

  const done = job
    ? job.counts.sent +
      job.counts.failed +
      job.counts.skipped +
      job.counts.cancelled +
      job.counts.unknown
    : 0;
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
          onClose={() => setError(null)}
        />
      )}
      {job && (
        <Space style={{ marginBottom: 8 }} wrap>
          <Progress
            type="circle"
            size={48}
            percent={job.total === 0 ? 100 : Math.round((done / job.total) * 100)}
          />
          <Typography.Text data-testid="job-counts">
            {t('send.results.counts', {
              sent: job.counts.sent,
              failed: job.counts.failed,
              unknown: job.counts.unknown,
              held: job.counts.held,
              pending: job.counts.pending + job.counts.sending,
              fee: job.feeTotal,
            })}
          </Typography.Text>
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
                <Tag color={STATE_COLOR[r.state]} data-testid="row-state">
                  {t(`send.state.${r.state}`)}
                </Tag>
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
              r.state === 'failed' ? (
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
