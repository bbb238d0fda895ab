import { useState } from 'react';
import { Button, Card, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../hooks/useAction';
import { call } from '../../lib/sms';

export interface TableColumn {
  key: string;
  title: string;
  /** Numbers right-aligned. */
  numeric?: boolean;
}

export type TableRow = Record<string, string | number>;

/**
 * The table behind a chart, exactly as shown, with an export to CSV (BOM, formula-safe, written
 * by main where the user chooses). The cells carry data-testid so tests read the numbers.
 */
export function ExportTable({
  name,
  title,
  columns,
  rows,
}: {
  name: string;
  title: string;
  columns: TableColumn[];
  rows: TableRow[];
}) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction({ exclusive: true });
  const exportCsv = async () => {
    const out = await action.run(() =>
      call('usage.exportTable', {
        name,
        header: columns.map((c) => c.title),
        rows: rows.map((r) => columns.map((c) => r[c.key] ?? '')),
      }),
    );
    setNotice(out?.path ? t('usage.stats.exported', { count: out.count }) : null);
  };
  return (
    <Card
      size="small"
      title={title}
      style={{ marginBottom: 16 }}
      data-testid={`table-${name}`}
      extra={
        <Space>
          {(action.error ?? notice) && (
            <Typography.Text
              type={action.error ? 'danger' : 'success'}
              data-testid={`exported-${name}`}
            >
              {action.error ?? notice}
            </Typography.Text>
          )}
          <Button
            size="small"
            data-testid={`export-${name}`}
            loading={action.busy !== null}
            disabled={rows.length === 0}
            onClick={() => void exportCsv()}
          >
            {t('usage.stats.export')}
          </Button>
        </Space>
      }
    >
      <Table
        size="small"
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        rowKey={(r) => String(r.__key ?? r[columns[0]!.key])}
        dataSource={rows}
        columns={columns.map((c) => ({
          key: c.key,
          dataIndex: c.key,
          title: c.title,
          align: c.numeric ? 'right' : 'left',
          render: (v: string | number) => <span data-cell={`${name}-${c.key}`}>{v}</span>,
        }))}
      />
    </Card>
  );
}
