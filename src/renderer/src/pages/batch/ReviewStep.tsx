import { useCallback, useEffect, useRef, useState } from 'react';
import { OptOutOverride } from '../../components/job/OptOutParts';
import {
  Alert,
  Button,
  Card,
  Col,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { signOptions } from '../../lib/sign-options';
import type { ImportFilter, ImportRow, ImportSummary } from '../../../../shared/api/imports';
import { IMPORT_MAX_PAGE } from '../../../../shared/api/imports';
import { formatPhone } from '../../../../shared/phone';
import { PagedTable, type PagedColumn } from '../../components/PagedTable';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import type { TemplatesState } from '../../hooks/useTemplates';
import { newIdempotencyKey } from '../../lib/idempotency';
import { call } from '../../lib/sms';
import { useIssueText } from './labels';

const FILTERS: ImportFilter[] = ['all', 'problems', 'duplicates', 'samePhone', 'held'];
const STATUS_COLOR: Record<ImportRow['status'], string> = {
  ok: 'green',
  problem: 'red',
  duplicate: 'default',
  samePhone: 'orange',
};

/**
 * Step 2: what the file holds. Counts first, then every row (read in pages) with its row number
 * and, for a problem, what to fix. From here the user goes to the pre-flight check.
 */
export function ReviewStep({
  importId,
  signName: initialSign,
  tpl,
  onBack,
  onJob,
}: {
  importId: number;
  signName: string | undefined;
  tpl: TemplatesState;
  onBack(): void;
  onJob(jobId: number): void;
}) {
  const { t } = useTranslation();
  const issueText = useIssueText();
  const loaded = useCall('import.get', { importId });
  const summary: ImportSummary | null = loaded.data ?? null;
  const [filter, setFilter] = useState<ImportFilter>('all');
  const action = useAction();
  const error = action.error ?? loaded.error;
  const busy = action.busy !== null;
  const [exported, setExported] = useState<{ path: string; rows: number } | null>(null);
  const [signName, setSignName] = useState<string | undefined>(initialSign);
  // One key per visit of this review: a double click on "next" makes one draft job.
  const idemKey = useRef(newIdempotencyKey('batch'));

  const usableSigns = tpl.signs.filter((s) => s.usable);
  useEffect(() => {
    if (!signName && usableSigns[0]) setSignName(usableSigns[0].signName);
  }, [signName, usableSigns]);

  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const res = await call('import.rows', {
        importId,
        filter,
        offset,
        limit: Math.min(limit, IMPORT_MAX_PAGE),
      });
      return { items: res.rows, total: res.total };
    },
    [importId, filter],
  );

  const template = tpl.templates.find((x) => x.templateId === summary?.templateId);

  const columns: PagedColumn<ImportRow>[] = [
    { key: 'row', title: t('batch.col.row'), width: '80px', render: (r) => r.rowNumber },
    {
      key: 'phone',
      title: t('batch.col.phone'),
      width: '160px',
      render: (r) =>
        r.phone ? formatPhone(r.phone) : (r.cells[summary?.mapping.phone ?? 0] ?? ''),
    },
    {
      key: 'params',
      title: t('batch.col.params'),
      width: '2fr',
      render: (r) => r.params.join(' · '),
    },
    {
      key: 'status',
      title: t('batch.col.status'),
      width: '120px',
      render: (r) => <Tag color={STATUS_COLOR[r.status]}>{t(`batch.rowStatus.${r.status}`)}</Tag>,
    },
    {
      key: 'issue',
      title: t('batch.col.issue'),
      width: '3fr',
      render: (r) => (
        <span data-testid="batch-issue" title={r.issues.map(issueText).join('；')}>
          {r.status === 'duplicate' && r.duplicateOf !== null
            ? t('batch.review.duplicateOf', { row: r.duplicateOf })
            : r.issues.map(issueText).join('；')}
        </span>
      ),
    },
  ];

  const exportProblems = () =>
    action.run(async () => {
      const saved = await call('batch.exportProblems', { importId });
      // A cancelled save dialog is no news.
      if (saved.path !== null) setExported({ path: saved.path, rows: saved.rows });
    });

  const [ignoreOptOut, setIgnoreOptOut] = useState(false);
  const next = async () => {
    if (!summary || !template) return;
    const res = await action.run(() =>
      call('job.create', {
        idempotencyKey: idemKey.current,
        kind: 'batch',
        templateId: template.templateId,
        templateContent: template.content,
        templateKind: template.kind,
        ...(signName ? { signName } : {}),
        options: {
          marketing: template.kind === 'marketing',
          heldPolicy: 'wait',
          concurrency: 4,
          ...(template.kind === 'verification' && ignoreOptOut ? { ignoreOptOut: true } : {}),
        },
        importId: String(importId),
      }),
    );
    if (res) onJob(res.job.id);
  };

  return (
    <div data-testid="batch-review-step">
      <Card
        title={t('batch.review.title', { name: summary?.fileName ?? '' })}
        style={{ marginBottom: 16 }}
        loading={!summary}
      >
        {summary && (
          <Row gutter={16} data-testid="batch-summary">
            <Col span={4}>
              <Statistic title={t('batch.review.total')} value={summary.total} />
            </Col>
            <Col span={4}>
              <Statistic
                title={t('batch.review.valid')}
                value={summary.valid}
                styles={{ content: { color: '#389e0d' } }}
                data-testid="batch-count-valid"
              />
            </Col>
            <Col span={4}>
              <Statistic
                title={t('batch.review.problems')}
                value={summary.problems}
                styles={{ content: summary.problems ? { color: '#cf1322' } : {} }}
                data-testid="batch-count-problems"
              />
            </Col>
            <Col span={4}>
              <Statistic
                title={t('batch.review.duplicates')}
                value={summary.duplicatesRemoved}
                data-testid="batch-count-duplicates"
              />
            </Col>
            <Col span={4}>
              <Statistic
                title={t('batch.review.samePhone')}
                value={summary.samePhoneDifferentParams}
                styles={{ content: summary.samePhoneDifferentParams ? { color: '#d46b08' } : {} }}
              />
            </Col>
            <Col span={4}>
              <Statistic title={t('batch.review.distinct')} value={summary.distinctPhones} />
            </Col>
          </Row>
        )}
        {summary && summary.samePhoneDifferentParams > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={t('batch.review.samePhoneHint', {
              extra: summary.samePhoneExtraRows,
              phones: summary.samePhonePhones,
            })}
          />
        )}
        {summary && summary.emptyCodes > 0 && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="batch-empty-codes"
            title={t('batch.review.emptyCodesHint', { count: summary.emptyCodes })}
          />
        )}
        {template && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('batch.import.templateText', { content: template.content })}
          </Typography.Paragraph>
        )}
      </Card>

      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} closable />}
      {exported && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="batch-problems-exported"
          title={t('batch.review.exported', { rows: exported.rows, path: exported.path })}
          closable
          onClose={() => setExported(null)}
        />
      )}

      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          data-testid="batch-review-filter"
          value={filter}
          onChange={(v) => setFilter(v as ImportFilter)}
          options={FILTERS.map((f) => ({ value: f, label: t(`batch.review.filter.${f}`) }))}
        />
        <Button
          onClick={() => void exportProblems()}
          disabled={!summary || summary.problems === 0}
          loading={busy}
          data-testid="batch-export-problems"
        >
          {t('batch.review.exportProblems')}
        </Button>
      </Space>

      <PagedTable
        testId="batch-import-rows"
        queryKey={`${importId}:${filter}`}
        fetchPage={fetchPage}
        columns={columns}
        rowKey={(r) => r.rowNumber}
        height={420}
        pageSize={IMPORT_MAX_PAGE}
      />

      <Space style={{ marginTop: 16 }}>
        <Button onClick={onBack}>{t('batch.common.back')}</Button>
        <span>{t('batch.import.sign')}</span>
        <Select
          style={{ width: 200 }}
          value={signName}
          onChange={(v: string) => setSignName(v)}
          options={signOptions(tpl.signs, t)}
        />
        <OptOutOverride kind={template?.kind} checked={ignoreOptOut} onChange={setIgnoreOptOut} />
        <Button
          type="primary"
          data-testid="batch-to-preflight"
          loading={busy}
          disabled={!summary || summary.valid === 0 || !template || !signName}
          onClick={() => void next()}
        >
          {t('batch.review.next', { count: summary?.valid ?? 0 })}
        </Button>
      </Space>
      {summary && !template && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={t('batch.review.templateGone')}
        />
      )}
    </div>
  );
}
