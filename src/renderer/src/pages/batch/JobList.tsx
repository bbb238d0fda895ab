import { Alert, Button, Card, Popconfirm, Progress, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '../../../../shared/api/imports';
import type { JobSummary } from '../../../../shared/api/outbox';
import { jobStatusColor, jobStatusKey, settledCount } from '../../components/job/states';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useCall';
import { formatCount, formatTime, zoneNote } from '../../lib/format';
import { call } from '../../lib/sms';

const PAGE = 20;
/** Jobs read per call; the list walks them all (direct sends included) to keep the batches. */
const LIST_CHUNK = 200;
const LIST_MAX = 20_000;

/** Batch jobs, newest first. `job.list` has no kind filter, so direct sends are skipped here. */
async function batchJobs(): Promise<JobSummary[]> {
  const out: JobSummary[] = [];
  for (let offset = 0; offset < LIST_MAX; offset += LIST_CHUNK) {
    const res = await call('job.list', { offset, limit: LIST_CHUNK });
    for (const j of res.items) if (j.kind === 'batch') out.push(j);
    if (offset + LIST_CHUNK >= res.total || res.items.length === 0) break;
  }
  return out;
}

/** Step 6: batch jobs (drafts, running, interrupted, finished) and prepared lists, to reopen. */
export function JobList({
  onNew,
  onOpenJob,
  onOpenImport,
}: {
  onNew(): void;
  onOpenJob(jobId: number): void;
  onOpenImport(importId: number): void;
}) {
  const { t, i18n } = useTranslation();
  const lists = useLoad(
    () =>
      Promise.all([batchJobs(), call('import.list').catch(() => [] as ImportSummary[])] as const),
    [],
  );
  const [jobs, imports] = lists.data ?? [[], []];
  const { loading } = lists;
  const action = useAction();
  const error = action.error ?? lists.error;

  const removeImport = (importId: number) =>
    action.run(async () => {
      await call('import.delete', { importId });
      await lists.reload();
    });

  return (
    <div data-testid="batch-list">
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={onNew} data-testid="batch-new">
          {t('batch.list.new')}
        </Button>
        <Typography.Text type="secondary">{t('batch.list.hint')}</Typography.Text>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Card title={t('batch.list.jobs')} style={{ marginBottom: 16 }}>
        <Table<JobSummary>
          size="small"
          loading={loading}
          rowKey="id"
          dataSource={jobs}
          data-testid="batch-jobs-table"
          locale={{ emptyText: t('batch.list.noJobs') }}
          pagination={{ pageSize: PAGE, hideOnSinglePage: true }}
          onRow={(j) => ({ onClick: () => onOpenJob(j.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: '#', dataIndex: 'id', width: 60 },
            {
              title: t('batch.list.status'),
              width: 120,
              render: (_v, j) => (
                <Tag color={jobStatusColor(j)} data-testid={`batch-list-status-${j.id}`}>
                  {t(jobStatusKey(j))}
                </Tag>
              ),
            },
            {
              title: t('batch.list.template'),
              render: (_v, j) => (
                <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                  {j.signName ? `【${j.signName}】` : ''}
                  {j.templateContent}
                </Typography.Text>
              ),
            },
            {
              title: t('batch.list.progress'),
              width: 200,
              render: (_v, j) => (
                <Progress
                  size="small"
                  percent={j.total ? Math.floor((settledCount(j.counts) / j.total) * 100) : 0}
                  format={() => `${settledCount(j.counts)}/${j.total}`}
                />
              ),
            },
            {
              title: `${t('batch.list.created')}${zoneNote(i18n.language)}`,
              width: 180,
              render: (_v, j) => formatTime(j.createdAt, i18n.language, false),
            },
            {
              title: '',
              width: 90,
              render: (_v, j) => (
                <Button size="small" data-testid={`batch-open-job-${j.id}`}>
                  {t('batch.list.open')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('batch.list.imports')}>
        <Table<ImportSummary>
          size="small"
          loading={loading}
          rowKey="importId"
          dataSource={imports}
          locale={{ emptyText: t('batch.list.noImports') }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: t('batch.list.file'), dataIndex: 'fileName' },
            {
              title: t('batch.review.valid'),
              width: 100,
              render: (_v, im) => formatCount(im.valid),
            },
            {
              title: t('batch.review.problems'),
              width: 100,
              render: (_v, im) => formatCount(im.problems),
            },
            {
              title: `${t('batch.list.created')}${zoneNote(i18n.language)}`,
              width: 180,
              render: (_v, im) => formatTime(im.createdAt, i18n.language, false),
            },
            {
              title: '',
              width: 170,
              render: (_v, im) => (
                <Space>
                  <Button size="small" onClick={() => onOpenImport(im.importId)}>
                    {t('batch.list.open')}
                  </Button>
                  <Popconfirm
                    title={t('batch.list.deleteImport')}
                    onConfirm={() => void removeImport(im.importId)}
                    okText={t('batch.common.delete')}
                    cancelText={t('batch.common.cancel')}
                  >
                    <Button size="small" danger>
                      {t('batch.common.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
