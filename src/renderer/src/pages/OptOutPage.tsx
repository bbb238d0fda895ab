import { useRef, useState } from 'react';
import { Alert, Button, Input, Modal, Popconfirm, Table, Typography } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OptOutRow } from '../../../shared/api/inbound';
import { formatPhone } from '../../../shared/phone';
import { useAction } from '../hooks/useAction';
import { useCall } from '../hooks/useCall';
import { useEvent } from '../hooks/useEvent';
import { grantForFile } from '../lib/files';
import { formatTime } from '../lib/format';
import { call } from '../lib/sms';
import { ListTools } from './inbound/ListTools';

const PAGE_SIZE = 50;

interface Added {
  added: number;
  already: number;
  invalid: string[];
  invalidCount: number;
}

/** 免打扰名单: numbers that never get marketing or notice messages, per account. */
export function OptOutPage() {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const list = useCall('optout.list', { search, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  useEvent('inbound.changed', () => void list.reload());
  const action = useAction({ exclusive: true });
  const [adding, setAdding] = useState(false);
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string[] | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const total = list.data?.total ?? 0;

  const report = (r: Added, first: string) => {
    const lines = [first];
    if (r.already > 0) lines.push(t('optout.add.already', { count: r.already }));
    if (r.invalidCount > 0) {
      lines.push(
        t('optout.add.invalid', { count: r.invalidCount, list: r.invalid.slice(0, 10).join('、') }),
      );
    }
    setNotice(lines);
    void list.reload();
  };

  const add = () =>
    action.run(async () => {
      const r = await call('optout.add', { text, note });
      setAdding(false);
      setText('');
      setNote('');
      report(r, t('optout.add.done', { added: r.added, count: r.added }));
    }, 'add');

  const importFile = (file: File) =>
    action.run(async () => {
      const grant = await grantForFile(file);
      const r = await call('optout.import', { grant, note: file.name });
      report(r, t('optout.import.done', { added: r.added, file: file.name }));
    }, 'import');

  return (
    <div data-testid="page-optout">
      <Typography.Title level={3}>{t('optout.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('optout.help')}</Typography.Paragraph>
      {(action.error ?? list.error) && (
        <Alert
          type="error"
          showIcon
          title={action.error ?? list.error}
          style={{ marginBottom: 12 }}
        />
      )}
      {notice && (
        <Alert
          type="success"
          showIcon
          closable
          data-testid="optout-notice"
          title={notice[0]}
          description={notice.length > 1 ? notice.slice(1).join('\n') : undefined}
          onClose={() => setNotice(null)}
          style={{ marginBottom: 12, whiteSpace: 'pre-line' }}
        />
      )}
      <ListTools
        testId="optout"
        placeholder={t('optout.search')}
        totalText={t('optout.total', { count: total })}
        onSearch={(v) => {
          setPage(1);
          setSearch(v);
        }}
        exportLabel={t('optout.export')}
        onExport={async (language) => {
          const r = await call('optout.export', { language });
          return r.path === null ? null : t('optout.exported', { count: r.count, path: r.path });
        }}
        extra={
          <>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setAdding(true)}
              data-testid="optout-add"
            >
              {t('optout.add.button')}
            </Button>
            <Button
              icon={<UploadOutlined />}
              loading={action.busy === 'import'}
              onClick={() => fileInput.current?.click()}
              data-testid="optout-import"
            >
              {t('optout.import.button')}
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept=".csv,.txt,.xlsx"
              style={{ display: 'none' }}
              data-testid="optout-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void importFile(f);
              }}
            />
          </>
        }
      />
      <Table<OptOutRow>
        size="small"
        rowKey="phone"
        loading={list.loading}
        dataSource={list.data?.rows ?? []}
        locale={{ emptyText: t('optout.empty') }}
        onRow={(r) =>
          ({
            'data-testid': 'optout-row',
            'data-phone': r.phone,
          }) as React.HTMLAttributes<HTMLElement>
        }
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          {
            title: t('optout.col.phone'),
            dataIndex: 'phone',
            width: 170,
            render: (v: string) => formatPhone(v),
          },
          {
            title: t('optout.col.source'),
            dataIndex: 'source',
            width: 160,
            render: (v: string) => t(`optout.source.${v}`),
          },
          { title: t('optout.col.note'), dataIndex: 'note', ellipsis: { showTitle: true } },
          {
            title: t('optout.col.addedAt'),
            dataIndex: 'addedAt',
            width: 180,
            render: (v: number) => formatTime(v, i18n.language),
          },
          {
            title: t('optout.col.action'),
            width: 90,
            render: (_v, r) => (
              <Popconfirm
                title={t('optout.remove.confirm', { phone: formatPhone(r.phone) })}
                okText={t('optout.remove.ok')}
                onConfirm={() =>
                  void action.run(async () => {
                    await call('optout.remove', { phones: [r.phone] });
                    setNotice([t('optout.remove.done')]);
                    await list.reload();
                  }, 'remove')
                }
              >
                <Button size="small" danger data-testid="optout-remove">
                  {t('optout.remove.button')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal
        open={adding}
        title={t('optout.add.title')}
        okText={t('optout.add.ok')}
        okButtonProps={{ disabled: text.trim() === '', loading: action.busy === 'add' }}
        onOk={() => void add()}
        onCancel={() => setAdding(false)}
        destroyOnHidden
      >
        <Input.TextArea
          rows={6}
          value={text}
          placeholder={t('optout.add.placeholder')}
          onChange={(e) => setText(e.target.value)}
          data-testid="optout-add-text"
        />
        <Input
          style={{ marginTop: 8 }}
          value={note}
          maxLength={200}
          placeholder={t('optout.add.note')}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </div>
  );
}
