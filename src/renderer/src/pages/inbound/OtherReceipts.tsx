import { useState } from 'react';
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../../shared/phone';
import { useCall } from '../../hooks/useCall';
import { useEvent } from '../../hooks/useEvent';
import { formatTime } from '../../lib/format';

const PAGE_SIZE = 20;

/** Receipts whose serial number no job of ours sent: kept, and shown apart. */
export function OtherReceipts() {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useCall('receipts.other', { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  useEvent('inbound.changed', () => void list.reload());
  return (
    <>
      <Typography.Paragraph type="secondary">{t('inbound.other.help')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="serialNo"
        loading={list.loading}
        dataSource={list.data?.rows ?? []}
        locale={{ emptyText: t('inbound.other.empty') }}
        onRow={() => ({ 'data-testid': 'other-receipt' }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          {
            title: t('inbound.other.col.time'),
            dataIndex: 'receivedAt',
            width: 180,
            render: (v: number) => formatTime(v, i18n.language),
          },
          {
            title: t('inbound.other.col.phone'),
            dataIndex: 'phone',
            width: 160,
            render: (v: string) => formatPhone(v),
          },
          { title: t('inbound.other.col.serial'), dataIndex: 'serialNo' },
          {
            title: t('inbound.other.col.result'),
            width: 180,
            render: (_v, r: { delivered: boolean; description: string }) => (
              <Tag color={r.delivered ? 'green' : 'red'}>
                {t(r.delivered ? 'inbound.delivery.delivered' : 'inbound.delivery.failed')}
                {!r.delivered && r.description ? ` (${r.description})` : ''}
              </Tag>
            ),
          },
        ]}
      />
    </>
  );
}
