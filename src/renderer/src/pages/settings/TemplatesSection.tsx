import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  message as antdMessage,
} from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Sign, Template } from '../../../../shared/api/templates';
import type { ReviewStatus, TemplateKind } from '../../../../shared/domain';
import { hasMarketingSuffix, parsePlaceholders } from '../../../../shared/template';
import { call, errorMessage } from '../../lib/sms';
import { useTemplates } from '../../lib/use-templates';

const STATUS_COLOR: Record<ReviewStatus, string> = {
  approved: 'green',
  reviewing: 'blue',
  pending: 'gold',
  rejected: 'red',
};
const KINDS: TemplateKind[] = ['verification', 'notification', 'marketing'];

export function StatusTag({ status, reply }: { status: ReviewStatus; reply: string }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={0}>
      <Tag color={STATUS_COLOR[status]}>{t(`templates.status.${status}`)}</Tag>
      {reply && <Typography.Text type="secondary">{reply}</Typography.Text>}
    </Space>
  );
}

/** 设置 → 模板和签名: what the account has, why some cannot be used, and hand-added entries. */
export function TemplatesSection() {
  const { t } = useTranslation();
  const [message, messageHolder] = antdMessage.useMessage();
  const state = useTemplates();
  const [syncing, setSyncing] = useState(false);
  const [editing, setEditing] = useState<Template | null>(null);
  const [adding, setAdding] = useState(false);
  const [addingSign, setAddingSign] = useState(false);

  const fail = (e: unknown) => {
    const m = errorMessage(e);
    void message.error(t(m.key, m.params));
  };

  const doSync = async () => {
    setSyncing(true);
    try {
      const s = await state.sync();
      if (s.problems.length === 0)
        void message.success(t('templates.synced', { templates: s.templates, signs: s.signs }));
    } catch (e) {
      fail(e);
    } finally {
      setSyncing(false);
    }
  };

  const updateKind = async (tpl: Template, kind: TemplateKind) => {
    try {
      await call('templates.update', { templateId: tpl.templateId, kind });
      await state.reload();
    } catch (e) {
      fail(e);
    }
  };

  const problems = state.lastSync?.problems ?? [];
  const otherProblems = problems.filter((p) => p.messageKey !== 'templates.errors.notEnterprise');

  return (
    <div data-testid="templates-section">
      {messageHolder}
      <Space style={{ marginBottom: 12 }} wrap>
        <Button
          icon={<SyncOutlined />}
          loading={syncing}
          onClick={() => void doSync()}
          data-testid="templates-sync"
        >
          {t('templates.sync')}
        </Button>
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="template-add">
          {t('templates.add')}
        </Button>
        <Button icon={<PlusOutlined />} onClick={() => setAddingSign(true)} data-testid="sign-add">
          {t('templates.addSign')}
        </Button>
        <Typography.Text type="secondary">
          {state.lastSync
            ? t('templates.lastSync', { time: new Date(state.lastSync.at).toLocaleString() })
            : t('templates.neverSynced')}
        </Typography.Text>
      </Space>
      {state.lastSync?.personal && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('templates.personal.title')}
          description={t('templates.personal.body')}
          data-testid="templates-personal"
        />
      )}
      {otherProblems.map((p) => (
        <Alert
          key={`${p.list}-${p.international}`}
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t(p.messageKey, { code: p.code })}
          description={t(`templates.problemScope.${p.list}${p.international ? 'Intl' : ''}`)}
        />
      ))}

      <Card size="small" title={t('templates.templatesTitle')} style={{ marginBottom: 16 }}>
        <Table<Template>
          size="small"
          rowKey="templateId"
          loading={state.loading}
          dataSource={state.templates}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('templates.emptyTemplates') }}
          columns={[
            { title: t('templates.col.id'), dataIndex: 'templateId', width: 100 },
            {
              title: t('templates.col.name'),
              dataIndex: 'name',
              width: 140,
              render: (_v, r) => (
                <Space orientation="vertical" size={0}>
                  <span>{r.name}</span>
                  <Space size={4}>
                    {r.international && <Tag>{t('templates.intl')}</Tag>}
                    {r.source === 'manual' && <Tag>{t('templates.manual')}</Tag>}
                  </Space>
                </Space>
              ),
            },
            { title: t('templates.col.content'), dataIndex: 'content' },
            {
              title: t('templates.col.kind'),
              dataIndex: 'kind',
              width: 150,
              render: (_v, r) => (
                <Space orientation="vertical" size={2}>
                  <Select<TemplateKind>
                    size="small"
                    value={r.kind}
                    style={{ width: 130 }}
                    onChange={(k) => void updateKind(r, k)}
                    options={KINDS.map((k) => ({ value: k, label: t(`templates.kind.${k}`) }))}
                  />
                  {r.kind === 'marketing' && !hasMarketingSuffix(r.content) && (
                    <Typography.Text type="warning">{t('templates.noUnsubscribe')}</Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('templates.col.variables'),
              width: 160,
              render: (_v, r) => {
                const n = parsePlaceholders(r.content).count;
                if (n === 0) return <Typography.Text type="secondary">—</Typography.Text>;
                return (
                  <Space orientation="vertical" size={2}>
                    {Array.from({ length: n }, (_x, i) => (
                      <span key={i}>
                        {`{${i + 1}}`} = {r.variableNames[i] || t('templates.unnamed')}
                      </span>
                    ))}
                    <Button size="small" type="link" onClick={() => setEditing(r)}>
                      {t('templates.editNames')}
                    </Button>
                  </Space>
                );
              },
            },
            {
              title: t('templates.col.status'),
              width: 180,
              render: (_v, r) => <StatusTag status={r.status} reply={r.reviewReply} />,
            },
            {
              title: '',
              width: 70,
              render: (_v, r) =>
                r.source === 'manual' ? (
                  <Popconfirm
                    title={t('templates.removeConfirm')}
                    onConfirm={async () => {
                      try {
                        await call('templates.remove', { templateId: r.templateId });
                        await state.reload();
                      } catch (e) {
                        fail(e);
                      }
                    }}
                  >
                    <Button size="small" danger type="link">
                      {t('templates.remove')}
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>

      <Card size="small" title={t('templates.signsTitle')}>
        <Table<Sign>
          size="small"
          rowKey={(r) => `${r.signName}-${r.international}`}
          loading={state.loading}
          dataSource={state.signs}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('templates.emptySigns') }}
          columns={[
            {
              title: t('templates.col.sign'),
              render: (_v, r) => (
                <Space>
                  <span>【{r.signName}】</span>
                  {r.international && <Tag>{t('templates.intl')}</Tag>}
                  {r.source === 'manual' && <Tag>{t('templates.manual')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('templates.col.status'),
              render: (_v, r) => <StatusTag status={r.status} reply={r.reviewReply} />,
            },
            {
              title: '',
              width: 70,
              render: (_v, r) =>
                r.source === 'manual' ? (
                  <Button
                    size="small"
                    danger
                    type="link"
                    onClick={async () => {
                      try {
                        await call('signs.remove', {
                          signName: r.signName,
                          international: r.international,
                        });
                        await state.reload();
                      } catch (e) {
                        fail(e);
                      }
                    }}
                  >
                    {t('templates.remove')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>

      {editing && (
        <NamesModal
          message={message}
          template={editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await state.reload();
          }}
        />
      )}
      {adding && (
        <AddTemplateModal
          message={message}
          onClose={() => setAdding(false)}
          onSaved={async () => {
            setAdding(false);
            await state.reload();
          }}
        />
      )}
      {addingSign && (
        <AddSignModal
          message={message}
          onClose={() => setAddingSign(false)}
          onSaved={async () => {
            setAddingSign(false);
            await state.reload();
          }}
        />
      )}
    </div>
  );
}

function NamesModal(props: {
  template: Template;
  message: MessageInstance;
  onClose(): void;
  onSaved(): Promise<void>;
}) {
  const { t } = useTranslation();
  const { message } = props;
  const n = parsePlaceholders(props.template.content).count;
  const [names, setNames] = useState<string[]>(
    Array.from({ length: n }, (_x, i) => props.template.variableNames[i] ?? ''),
  );
  return (
    <Modal
      open
      title={t('templates.editNamesTitle', { id: props.template.templateId })}
      onCancel={props.onClose}
      onOk={async () => {
        try {
          await call('templates.update', {
            templateId: props.template.templateId,
            variableNames: names,
          });
          await props.onSaved();
        } catch (e) {
          const m = errorMessage(e);
          void message.error(t(m.key, m.params));
        }
      }}
    >
      <Typography.Paragraph type="secondary">{props.template.content}</Typography.Paragraph>
      <Form layout="horizontal" labelCol={{ span: 4 }}>
        {names.map((v, i) => (
          <Form.Item key={i} label={`{${i + 1}}`}>
            <Input
              value={v}
              maxLength={20}
              placeholder={t('templates.namePlaceholder')}
              onChange={(e) => setNames(names.map((x, j) => (j === i ? e.target.value : x)))}
            />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

interface AddForm {
  templateId: string;
  content: string;
  kind: TemplateKind;
  name?: string;
  international: boolean;
}

function AddTemplateModal(props: {
  message: MessageInstance;
  onClose(): void;
  onSaved(): Promise<void>;
}) {
  const { t } = useTranslation();
  const { message } = props;
  const [form] = Form.useForm<AddForm>();
  const content = Form.useWatch('content', form) ?? '';
  const kind = Form.useWatch('kind', form);
  const parsed = parsePlaceholders(content);
  return (
    <Modal
      open
      title={t('templates.addTitle')}
      onCancel={props.onClose}
      okButtonProps={{ 'data-testid': 'template-add-ok' } as Record<string, string>}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await call('templates.add', { ...v, name: v.name || undefined });
          await props.onSaved();
        } catch (e) {
          const m = errorMessage(e);
          void message.error(t(m.key, m.params));
        }
      }}
    >
      <Typography.Paragraph type="secondary">{t('templates.addHelp')}</Typography.Paragraph>
      <Form<AddForm>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'notification', international: false }}
        onValuesChange={(changed: Partial<AddForm>) => {
          // Follow the content until the user picks a kind by hand.
          if (changed.content !== undefined && !form.isFieldTouched('kind')) {
            form.setFieldValue(
              'kind',
              hasMarketingSuffix(changed.content) ? 'marketing' : 'notification',
            );
          }
        }}
      >
        <Form.Item
          name="templateId"
          label={t('templates.col.id')}
          rules={[{ required: true, pattern: /^\d{1,12}$/, message: t('templates.idInvalid') }]}
        >
          <Input data-testid="template-add-id" />
        </Form.Item>
        <Form.Item name="name" label={t('templates.col.name')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="content"
          label={t('templates.col.content')}
          rules={[{ required: true, message: t('templates.contentRequired') }]}
          extra={
            parsed.problems.length > 0 && content !== ''
              ? parsed.problems.map((p) => t(`templates.problem.${p.code}`)).join('；')
              : t('templates.variablesFound', { count: parsed.count })
          }
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="template-add-content" />
        </Form.Item>
        <Form.Item name="kind" label={t('templates.col.kind')}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`templates.kind.${k}`) }))} />
        </Form.Item>
        {kind === 'marketing' && !hasMarketingSuffix(content) && (
          <Alert type="warning" showIcon title={t('templates.noUnsubscribe')} />
        )}
        <Form.Item name="international" label={t('templates.intl')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AddSignModal(props: {
  message: MessageInstance;
  onClose(): void;
  onSaved(): Promise<void>;
}) {
  const { t } = useTranslation();
  const { message } = props;
  const [form] = Form.useForm<{ signName: string; international: boolean }>();
  return (
    <Modal
      open
      title={t('templates.addSignTitle')}
      onCancel={props.onClose}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await call('signs.add', { ...v, signName: v.signName.replace(/[【】]/g, '') });
          await props.onSaved();
        } catch (e) {
          const m = errorMessage(e);
          void message.error(t(m.key, m.params));
        }
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ international: false }}>
        <Form.Item
          name="signName"
          label={t('templates.col.sign')}
          rules={[{ required: true, min: 2, max: 20, message: t('templates.signInvalid') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="international" label={t('templates.intl')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
