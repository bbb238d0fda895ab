import { useState } from 'react';
import { Alert, Button, Card, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useAction } from '../hooks/useAction';
import { useTranslation } from 'react-i18next';
import type { ReplyRow } from '../../../shared/api/inbound';
import { formatPhone } from '../../../shared/phone';
import { useCall } from '../hooks/useCall';
import { useEvent } from '../hooks/useEvent';
import { formatTime } from '../lib/format';
import { call } from '../lib/sms';
import { ListTools } from './inbound/ListTools';
import { OtherReceipts } from './inbound/OtherReceipts';

const PAGE_SIZE = 50;

/** 回复: customers' replies, newest first, searchable and exportable; opt-outs marked. */
export function RepliesPage() {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const list = useCall('replies.list', {
    search,
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  const status = useCall('inbound.status', undefined);
  useEvent('inbound.changed', () => {
    void list.reload();
    void status.reload();
  });
  const total = list.data?.total ?? 0;
  const puller = useAction({ exclusive: true });
  const [pulled, setPulled] = useState<string | null>(null);
  return (
    <div data-testid="page-replies">
      <Typography.Title level={3}>{t('inbound.replies.title')}</Typography.Title>
      {status.data?.lastError && (
        <Alert
          type="warning"
          showIcon
          title={t('inbound.status.failing', { code: status.data.lastError })}
          style={{ marginBottom: 12 }}
        />
      )}
      {list.error && (
        <Alert type="error" showIcon title={list.error} style={{ marginBottom: 12 }} />
      )}
      <ListTools
        testId="replies"
        placeholder={t('inbound.replies.search')}
        totalText={t('inbound.replies.total', { count: total })}
        onSearch={(v) => {
          setPage(1);
          setSearch(v);
        }}
        exportLabel={t('inbound.replies.export')}
        onExport={async (language) => {
          const r = await call('replies.export', { language });
          return r.path === null
            ? null
            : t('inbound.replies.exported', { count: r.count, path: r.path });
        }}
        extra={
          <Button
            icon={<ReloadOutlined />}
            loading={puller.busy !== null}
            data-testid="replies-pull"
            onClick={() =>
              void puller.run(async () => {
                const r = await call('inbound.pullNow');
                setPulled(t('inbound.replies.pulled', r));
                await Promise.all([list.reload(), status.reload()]);
              })
            }
          >
            {t('inbound.replies.pullNow')}
          </Button>
        }
      />
      {(puller.error ?? pulled) && (
        <Alert
          type={puller.error ? 'error' : 'info'}
          showIcon
          closable
          title={puller.error ?? pulled}
          onClose={() => setPulled(null)}
          style={{ marginBottom: 8 }}
          data-testid="replies-pulled"
        />
      )}
      <Table<ReplyRow>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.rows ?? []}
        locale={{ emptyText: t('inbound.replies.empty') }}
        onRow={() => ({ 'data-testid': 'reply-row' }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          {
            title: t('inbound.replies.col.time'),
            dataIndex: 'repliedAt',
            width: 180,
            render: (v: number) => formatTime(v, i18n.language),
          },
          {
            title: t('inbound.replies.col.phone'),
            dataIndex: 'phone',
            width: 160,
            render: (v: string) => formatPhone(v),
          },
          {
            title: t('inbound.replies.col.text'),
            dataIndex: 'text',
            // Shown exactly as received; an empty reply says so rather than looking broken.
            render: (v: string) =>
              v === '' ? (
                <Typography.Text type="secondary">{t('inbound.replies.emptyText')}</Typography.Text>
              ) : (
                <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span>
              ),
          },
          { title: t('inbound.replies.col.sign'), dataIndex: 'sign', width: 140 },
          {
            title: t('inbound.replies.col.optOut'),
            dataIndex: 'optOut',
            width: 160,
            render: (v: boolean) =>
              v ? (
                <Tag color="orange" data-testid="reply-optout">
                  {t('inbound.replies.optOutTag')}
                </Tag>
              ) : null,
          },
        ]}
      />
      <Card size="small" title={t('inbound.other.title')} style={{ marginTop: 16 }}>
        <OtherReceipts />
      </Card>
    </div>
  );
}
