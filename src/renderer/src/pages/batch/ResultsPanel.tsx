import { useCallback, useState } from 'react';
import { Alert, Button, Card, Modal, Segmented, Space, Tooltip } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobRow, JobSummary, RowState, StateCounts } from '../../../../shared/api/outbox';
import { formatPhone } from '../../../../shared/phone';
import { CooldownBadge } from '../../components/CooldownBadge';
import { PagedTable, type PagedColumn } from '../../components/PagedTable';
import { RowStateTag } from '../../components/job/RowStateTag';
import { DeliveryTag, JobDelivery } from '../../components/DeliveryTag';
import { useCodeText } from '../../components/job/useCodeText';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import { formatTime } from '../../lib/format';
import { JobCost } from '../../components/usage/JobCost';
import { call } from '../../lib/sms';

const FILTERS: Record<string, RowState[] | undefined> = {
  all: undefined,
  sent: ['sent'],
  failed: ['failed'],
  unknown: ['unknown'],
  waiting: ['pending', 'held', 'sending'],
  skipped: ['skipped', 'cancelled'],
};

/** Step 5: every row's outcome in plain words, the results file, and the safe follow-ups. */
export function ResultsPanel({
  job,
  counts,
  refreshToken,
  onChanged,
}: {
  job: JobSummary;
  counts: StateCounts;
  refreshToken: number;
  onChanged(): void;
}) {
  const { t, i18n } = useTranslation();
  const codeText = useCodeText();
  const [filter, setFilter] = useState('all');
  const [note, setNote] = useState<{ type: 'success' | 'error' | 'info'; text: string } | null>(
    null,
  );
  const { run, busy } = useAction({ onError: (text) => setNote({ type: 'error', text }) });
  const [askResend, setAskResend] = useState(false);
  // Whether any failed row may be re-sent without a risk of a duplicate: the button acts only
  // then (a failed row Tencent may have sent is not retried).
  // One row is enough to know: the core counts them.
  const retrySafeRows = useCall(
    'job.rows',
    { jobId: job.id, states: ['failed'], retrySafe: true, limit: 1 },
    { enabled: counts.failed > 0, deps: [refreshToken, counts.failed] },
  );
  const retrySafe = counts.failed > 0 && (retrySafeRows.data?.total ?? 0) > 0;
  // Receipts arrive after the rows settle: each arrival refetches the visible pages.
  const [receiptsSeen, setReceiptsSeen] = useState(0);

  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const states = FILTERS[filter];
      return call('job.rows', { jobId: job.id, offset, limit, ...(states ? { states } : {}) });
    },
    [job.id, filter],
  );

  const explain = (r: JobRow): string => {
    if (r.state === 'held') {
      const reason = t(`batch.held.${r.heldReason ?? 'cooldown'}`);
      return r.notBefore
        ? `${reason} · ${t('batch.results.until', { time: formatTime(r.notBefore, i18n.language) })}`
        : reason;
    }
    if (r.state === 'unknown')
      return r.reconciledAt ? t('batch.results.unknownChecked') : t('batch.results.unknownHint');
    if (r.state === 'sent') return r.fee ? t('batch.results.sentFee', { fee: r.fee }) : '';
    const text = codeText(r.code);
    if (r.state === 'failed' && r.retrySafe) return `${text} ${t('batch.results.retrySafe')}`;
    return text;
  };

  const columns: PagedColumn<JobRow>[] = [
    { key: 'row', title: t('batch.col.row'), width: '70px', render: (r) => r.rowNo },
    {
      key: 'phone',
      title: t('batch.col.phone'),
      width: '150px',
      render: (r) => formatPhone(r.phone),
    },
    {
      key: 'params',
      title: t('batch.col.params'),
      width: '2fr',
      render: (r) => r.params.join(' · '),
    },
    {
      key: 'state',
      title: t('batch.col.state'),
      width: '110px',
      render: (r) => <RowStateTag state={r.state} wording="batch" testId="batch-row-state" />,
    },
    {
      key: 'delivery',
      title: t('history.col.receipt'),
      width: '190px',
      render: (r) => <DeliveryTag receipt={r.receipt ?? null} />,
    },
    {
      key: 'why',
      title: t('batch.col.explain'),
      width: '3fr',
      render: (r) =>
        r.state === 'held' && r.heldReason !== 'quietHours' ? (
          <Space size={4}>
            <CooldownBadge phone={r.phone} />
            <span title={explain(r)}>{explain(r)}</span>
          </Space>
        ) : (
          <span title={explain(r)}>{explain(r)}</span>
        ),
    },
  ];

  const exportAll = () =>
    run(async () => {
      const states = FILTERS[filter];
      const res = await call('batch.exportResults', {
        jobId: job.id,
        language: i18n.language === 'en-US' ? 'en-US' : 'zh-CN',
        ...(states ? { states } : {}),
      });
      if (res.path !== null) setNote({ type: 'success', text: t('batch.results.exported', res) });
    }, 'export');

  const retry = () =>
    run(async () => {
      const { affected } = await call('job.retry', { jobId: job.id });
      setNote({ type: 'info', text: t('batch.results.retried', { count: affected }) });
      onChanged();
    }, 'retry');

  const reconcile = () =>
    run(async () => {
      const r = await call('job.reconcile', { jobId: job.id });
      setNote({ type: 'info', text: t('batch.results.reconciled', r) });
      onChanged();
    }, 'reconcile');

  const resend = () => {
    setAskResend(false);
    return run(async () => {
      const { affected } = await call('job.resendUnknown', { jobId: job.id });
      setNote({ type: 'info', text: t('batch.results.resent', { count: affected }) });
      onChanged();
    }, 'resend');
  };

  const filterCount = (f: string): number =>
    (FILTERS[f] ?? (Object.keys(counts) as RowState[])).reduce((n, s) => n + counts[s], 0);

  return (
    <Card title={t('batch.results.title')} data-testid="batch-results">
      <JobCost jobId={job.id} revision={`${refreshToken}:${counts.sent}`} />
      {note && (
        <Alert
          type={note.type}
          showIcon
          title={note.text}
          closable
          onClose={() => setNote(null)}
          style={{ marginBottom: 12 }}
          data-testid="batch-results-note"
        />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          data-testid="batch-results-filter"
          value={filter}
          onChange={(v) => setFilter(String(v))}
          options={Object.keys(FILTERS).map((f) => ({
            value: f,
            label: `${t(`batch.results.filter.${f}`)} (${filterCount(f)})`,
          }))}
        />
        <Button
          data-testid="batch-export-results"
          disabled={filterCount(filter) === 0}
          loading={busy === 'export'}
          onClick={() => void exportAll()}
        >
          {filter === 'all' ? t('batch.results.exportAll') : t('batch.results.exportShown')}
        </Button>
        <Tooltip title={retrySafe ? undefined : t('polish.results.nothingToRetry')}>
          <Button
            data-testid="batch-retry"
            disabled={!retrySafe}
            loading={busy === 'retry'}
            onClick={() => void retry()}
          >
            {t('batch.results.retry')}
          </Button>
        </Tooltip>
        <Button
          data-testid="batch-reconcile"
          disabled={counts.unknown === 0}
          loading={busy === 'reconcile'}
          onClick={() => void reconcile()}
        >
          {t('batch.results.reconcile')}
        </Button>
        <Button
          danger
          data-testid="batch-resend-unknown"
          disabled={counts.unknown === 0}
          loading={busy === 'resend'}
          onClick={() => setAskResend(true)}
        >
          {t('batch.results.resendUnknown')}
        </Button>
      </Space>
      <div style={{ marginBottom: 8 }}>
        <JobDelivery jobId={job.id} onChanged={() => setReceiptsSeen((n) => n + 1)} />
      </div>
      <PagedTable
        testId="batch-job-rows"
        queryKey={`${job.id}:${filter}`}
        refreshToken={refreshToken + receiptsSeen}
        fetchPage={fetchPage}
        columns={columns}
        rowKey={(r) => r.rowNo}
        height={420}
      />
      <Modal
        open={askResend}
        title={t('batch.results.resendTitle')}
        okText={t('batch.results.resendOk', { count: counts.unknown })}
        okButtonProps={{ danger: true, 'data-testid': 'batch-resend-ok' } as ButtonProps}
        cancelText={t('batch.common.cancel')}
        onOk={() => void resend()}
        onCancel={() => setAskResend(false)}
      >
        {t('batch.results.resendBody')}
      </Modal>
    </Card>
  );
}
