import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  message as antdMessage,
} from 'antd';
import { PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Sign, Template } from '../../../../shared/api/templates';
import type { ReviewStatus, TemplateKind } from '../../../../shared/domain';
import { hasMarketingSuffix, parsePlaceholders } from '../../../../shared/template';
import { useAction } from '../../hooks/useAction';
import { formatTime } from '../../lib/format';
import { call } from '../../lib/sms';
import { AddSignModal, AddTemplateModal, KINDS, NamesModal } from './TemplateModals';
import { useTemplates } from '../../hooks/useTemplates';

const STATUS_COLOR: Record<ReviewStatus, string> = {
  approved: 'green',
  reviewing: 'blue',
  pending: 'gold',
  rejected: 'red',
};

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
  const { t, i18n } = useTranslation();
  const [message, messageHolder] = antdMessage.useMessage();
  const state = useTemplates();
  const { run, busy } = useAction({ onError: (text) => void message.error(text) });
  const [editing, setEditing] = useState<Template | null>(null);
  const [adding, setAdding] = useState(false);
  const [addingSign, setAddingSign] = useState(false);

  const doSync = () =>
    run(async () => {
      const s = await state.sync();
      if (s.problems.length === 0)
        void message.success(t('templates.synced', { templates: s.templates, signs: s.signs }));
    }, 'sync');

  const updateKind = (tpl: Template, kind: TemplateKind) =>
    run(async () => {
      await call('templates.update', { templateId: tpl.templateId, kind });
      await state.reload();
    });

  const problems = state.lastSync?.problems ?? [];
  const otherProblems = problems.filter((p) => p.messageKey !== 'templates.errors.notEnterprise');

  return (
    <div data-testid="templates-section">
      {messageHolder}
      <Space style={{ marginBottom: 12 }} wrap>
        <Button
          icon={<SyncOutlined />}
          loading={busy === 'sync'}
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
            ? t('templates.lastSync', { time: formatTime(state.lastSync.at, i18n.language) })
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
                      <span key={i} data-testid={`template-${r.templateId}-var-${i + 1}`}>
                        {`{${i + 1}}`} ={' '}
                        {r.variableNames[i] ||
                          (r.variables[i]
                            ? t(`templates.variableLabel.${r.variables[i].labelKey}`)
                            : t('templates.unnamed'))}
                        {r.variables[i] && (
                          <Typography.Text type="secondary">
                            {' '}
                            · {t(`templates.variableKind.${r.variables[i].kind}`)}
                          </Typography.Text>
                        )}
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
                    onConfirm={() =>
                      run(async () => {
                        await call('templates.remove', { templateId: r.templateId });
                        await state.reload();
                      })
                    }
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
                    onClick={() =>
                      void run(() =>
                        call('signs.remove', {
                          signName: r.signName,
                          international: r.international,
                        }).then(state.reload),
                      )
                    }
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
