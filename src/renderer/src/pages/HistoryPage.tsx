import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { HistoryFilter, HistoryRow } from '../../../shared/api/history';
import { ROW_STATES, type RowState } from '../../../shared/api/outbox';
import { formatPhone } from '../../../shared/phone';
import { CooldownBadge } from '../components/CooldownBadge';
import { RowStateTag } from '../components/job/RowStateTag';
import { useCodeText, useResultText } from '../components/job/useCodeText';
import { useAction } from '../hooks/useAction';
import { useCall } from '../hooks/useCall';
import { useTemplates } from '../hooks/useTemplates';
import { beijingDayStart, formatTime, zoneNote } from '../lib/format';
import { call } from '../lib/sms';
import { NumberCooldown } from './cooldown/NumberCooldown';
import { DeliveryTag } from '../components/DeliveryTag';
import { useEvent } from '../hooks/useEvent';

const PAGE_SIZE = 50;

interface FilterForm {
  phone?: string;
  templateId?: string;
  // antd DatePicker values (dayjs); only the calendar day picked is used.
  dates?: [PickedDay | null, PickedDay | null] | null;
  states?: RowState[];
  delivery?: NonNullable<HistoryFilter['delivery']>;
}

interface PickedDay {
  year(): number;
  month(): number;
  date(): number;
}

/** A picked day is a Beijing day, as every time on screen is, not the computer's day. */
const dayStart = (d: PickedDay): number => beijingDayStart(d.year(), d.month(), d.date());

function toFilter(v: FilterForm): HistoryFilter {
  const f: HistoryFilter = {};
  if (v.phone?.trim()) f.phone = v.phone.trim();
  if (v.templateId) f.templateId = v.templateId;
  const [from, to] = v.dates ?? [];
  if (from) f.from = dayStart(from);
  // The end date is inclusive: up to the end of that day.
  if (to) f.to = dayStart(to) + 24 * 60 * 60 * 1000 - 1;
  if (v.states && v.states.length > 0) f.states = v.states;
  if (v.delivery && v.delivery.length > 0) f.delivery = v.delivery;
  return f;
}

/** 历史记录: every send from the local journal, searchable, with a link to each number's cooldown. */
export function HistoryPage() {
  const { t, i18n } = useTranslation();
  const codeText = useCodeText();
  const resultText = useResultText();
  const { templates } = useTemplates();
  const [form] = Form.useForm<FilterForm>();
  const [filter, setFilter] = useState<HistoryFilter>({});
  const [page, setPage] = useState(1);
  const list = useCall('history.list', {
    filter,
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const exporter = useAction();
  const error = exporter.error ?? list.error;
  const [notice, setNotice] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  // Receipts arrive after the send: the list follows them.
  useEvent('inbound.changed', () => void list.reload());

  const doExport = () =>
    exporter.run(async () => {
      const r = await call('history.export', {
        filter,
        language: i18n.language === 'en-US' ? 'en-US' : 'zh-CN',
      });
      // A cancelled save dialog is no news.
      if (r.path !== null) setNotice(t('history.exported', { count: r.count, path: r.path }));
    });

  return (
    <div data-testid="page-history">
      <Typography.Title level={3}>{t('pages.history.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('pages.history.intro')}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form<FilterForm>
          form={form}
          layout="inline"
          onFinish={(v) => {
            setPage(1);
            setFilter(toFilter(v));
          }}
        >
          <Form.Item name="phone" label={t('history.filter.phone')}>
            <Input allowClear style={{ width: 170 }} data-testid="history-phone" />
          </Form.Item>
          <Form.Item name="templateId" label={t('history.filter.template')}>
            <Select
              allowClear
              style={{ width: 200 }}
              options={templates.map((x) => ({
                value: x.templateId,
                label: `${x.name}（${x.templateId}）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="dates" label={t('history.filter.dates')}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="states" label={t('history.filter.state')}>
            <Select
              mode="multiple"
              allowClear
              style={{ minWidth: 160 }}
              options={ROW_STATES.map((s) => ({ value: s, label: t(`send.state.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="delivery" label={t('inbound.delivery.filter')}>
            <Select
              mode="multiple"
              allowClear
              style={{ minWidth: 160 }}
              data-testid="history-delivery"
              options={(['delivered', 'failed', 'waiting', 'expired'] as const).map((s) => ({
                value: s,
                label: t(`inbound.delivery.${s}`),
              }))}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button
                type="primary"
                htmlType="submit"
                icon={<SearchOutlined />}
                data-testid="history-search"
              >
                {t('history.filter.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setPage(1);
                  setFilter({});
                }}
              >
                {t('history.filter.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {notice && (
        <Alert
          type="success"
          showIcon
          closable
          title={notice}
          onClose={() => setNotice(null)}
          style={{ marginBottom: 12 }}
          data-testid="history-exported"
        />
      )}
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text data-testid="history-total">
          {t('history.total', { count: total })}
        </Typography.Text>
        <Button
          icon={<DownloadOutlined />}
          loading={exporter.busy !== null}
          disabled={total === 0}
          onClick={() => void doExport()}
          data-testid="history-export"
        >
          {t('history.export')}
        </Button>
      </Space>
      <Table<HistoryRow>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={rows}
        locale={{ emptyText: t('history.empty') }}
        // The columns that matter fit 1280 px; the rest open under the row.
        expandable={{
          expandedRowRender: (r) => (
            <Descriptions size="small" column={2} data-testid="history-details">
              <Descriptions.Item label={t('history.col.text')} span={2}>
                {r.text}
              </Descriptions.Item>
              <Descriptions.Item label={t('history.col.serial')}>{r.serialNo}</Descriptions.Item>
              <Descriptions.Item label={t('history.col.fee')}>{r.fee}</Descriptions.Item>
              <Descriptions.Item label={t('history.col.receipt')}>
                <DeliveryTag receipt={r.receipt} />
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
        onRow={(r) =>
          ({
            'data-testid': 'history-row',
            'data-state': r.state,
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
            title: `${t('history.col.time')}${zoneNote(i18n.language)}`,
            dataIndex: 'at',
            width: 170,
            render: (v: number) => formatTime(v, i18n.language, false),
          },
          {
            title: t('history.col.phone'),
            dataIndex: 'phone',
            width: 200,
            render: (v: string) => (
              <Space size={4}>
                <Typography.Link onClick={() => setOpened(v)} data-testid="history-phone-link">
                  {formatPhone(v)}
                </Typography.Link>
                <CooldownBadge phone={v} />
              </Space>
            ),
          },
          {
            title: t('history.col.template'),
            ellipsis: { showTitle: true },
            render: (_v, r) => r.templateName || r.templateId,
          },
          {
            title: t('history.col.sign'),
            dataIndex: 'signName',
            width: 110,
            render: (v: string) => (
              <span style={{ whiteSpace: 'nowrap' }} data-testid="history-sign">
                {v}
              </span>
            ),
          },
          {
            title: t('history.col.state'),
            dataIndex: 'state',
            width: 90,
            render: (v: RowState) => <RowStateTag state={v} />,
          },
          {
            title: t('history.col.code'),
            width: 170,
            render: (_v, r) =>
              r.code && r.code !== 'Ok' ? (
                <Space orientation="vertical" size={0}>
                  <span>{codeText(r.code)}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.code}
                  </Typography.Text>
                </Space>
              ) : (
                resultText(r.code, r.state)
              ),
          },
          {
            title: t('history.col.receipt'),
            width: 130,
            // The word only; the receive time and carrier code are in the row's details.
            render: (_v, r) => <DeliveryTag receipt={r.receipt} compact />,
          },
        ]}
      />
      <Drawer
        open={opened !== null}
        size={640}
        onClose={() => setOpened(null)}
        title={t('pages.cooldown.title')}
        destroyOnHidden
      >
        {opened && <NumberCooldown key={opened} initialPhone={opened} />}
      </Drawer>
    </div>
  );
}
