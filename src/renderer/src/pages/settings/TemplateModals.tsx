import { useState } from 'react';
import { Alert, Form, Input, Modal, Select, Space, Switch, Typography } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { useTranslation } from 'react-i18next';
import type { Template } from '../../../../shared/api/templates';
import type { TemplateKind } from '../../../../shared/domain';
import { hasMarketingSuffix, parsePlaceholders } from '../../../../shared/template';
import { cleanSignName } from '../../../../shared/signs';
import {
  inferTemplateKind,
  inferVariables,
  VARIABLE_KINDS,
  type VariableKind,
} from '../../../../shared/variables';
import { useAction } from '../../hooks/useAction';
import { call } from '../../lib/sms';

export const KINDS: TemplateKind[] = ['verification', 'notification', 'marketing'];

/** A modal's save: a failure shows as a toast and the modal stays open to fix the input. */
function useSaveAction(message: MessageInstance) {
  return useAction({ exclusive: true, onError: (text) => void message.error(text) });
}

/** Names for a template's {1}, {2}…, shown on the send form instead of bare numbers. */
export function NamesModal(props: {
  template: Template;
  message: MessageInstance;
  onClose(): void;
  onSaved(): Promise<void>;
}) {
  const { t } = useTranslation();
  const { run } = useSaveAction(props.message);
  const n = parsePlaceholders(props.template.content).count;
  const [names, setNames] = useState<string[]>(
    Array.from({ length: n }, (_x, i) => props.template.variableNames[i] ?? ''),
  );
  // null: follow what the words around the variable say (shown as 自动).
  const [kinds, setKinds] = useState<(VariableKind | null)[]>(
    Array.from({ length: n }, (_x, i) => props.template.variableKinds[i] ?? null),
  );
  const inferred = inferVariables(props.template.content, n);
  return (
    <Modal
      open
      title={t('templates.editNamesTitle', { id: props.template.templateId })}
      onCancel={props.onClose}
      onOk={() =>
        run(async () => {
          await call('templates.update', {
            templateId: props.template.templateId,
            variableNames: names,
            variableKinds: kinds,
          });
          await props.onSaved();
        })
      }
    >
      <Typography.Paragraph type="secondary">{props.template.content}</Typography.Paragraph>
      <Form layout="horizontal" labelCol={{ span: 4 }}>
        {names.map((v, i) => (
          <Form.Item key={i} label={`{${i + 1}}`}>
            <Space.Compact style={{ width: '100%' }}>
              <Input
                value={v}
                maxLength={20}
                placeholder={t('templates.namePlaceholder')}
                onChange={(e) => setNames(names.map((x, j) => (j === i ? e.target.value : x)))}
              />
              <Select
                data-testid={`variable-kind-${i + 1}`}
                style={{ width: 200 }}
                value={kinds[i] ?? 'auto'}
                onChange={(k: string) =>
                  setKinds(
                    kinds.map((x, j) =>
                      j === i ? (k === 'auto' ? null : (k as VariableKind)) : x,
                    ),
                  )
                }
                options={[
                  {
                    value: 'auto',
                    label: t('templates.variableKindAuto', {
                      kind: t(`templates.variableKind.${inferred[i]?.kind ?? 'text'}`),
                    }),
                  },
                  ...VARIABLE_KINDS.map((k) => ({
                    value: k,
                    label: t(`templates.variableKind.${k}`),
                  })),
                ]}
              />
            </Space.Compact>
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/** A template added by hand (one the account cannot list, e.g. a personal account's). */
interface AddForm {
  templateId: string;
  content: string;
  kind: TemplateKind;
  name?: string;
  international: boolean;
}

export function AddTemplateModal(props: {
  message: MessageInstance;
  onClose(): void;
  onSaved(): Promise<void>;
}) {
  const { t } = useTranslation();
  const { run } = useSaveAction(props.message);
  const [form] = Form.useForm<AddForm>();
  const content = Form.useWatch('content', form) ?? '';
  const kind = Form.useWatch('kind', form);
  const parsed = parsePlaceholders(content);
  // Only a suggestion: the user must say which kind Tencent approved it as.
  const suggested = inferTemplateKind(content, inferVariables(content, parsed.count));
  return (
    <Modal
      open
      title={t('templates.addTitle')}
      onCancel={props.onClose}
      okButtonProps={{ 'data-testid': 'template-add-ok' } as Record<string, string>}
      onOk={async () => {
        // An incomplete form shows its messages in place; nothing to save yet.
        const v = await form.validateFields().catch(() => null);
        if (!v) return;
        await run(async () => {
          await call('templates.add', { ...v, name: v.name || undefined });
          await props.onSaved();
        });
      }}
    >
      <Typography.Paragraph type="secondary">{t('templates.addHelp')}</Typography.Paragraph>
      <Form<AddForm> form={form} layout="vertical" initialValues={{ international: false }}>
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
        <Form.Item
          name="kind"
          label={t('templates.col.kind')}
          rules={[{ required: true, message: t('templates.kindRequired') }]}
          extra={
            content
              ? t('templates.kindSuggested', { kind: t(`templates.kind.${suggested}`) })
              : undefined
          }
        >
          <Select
            data-testid="template-add-kind"
            placeholder={t('templates.kindPlaceholder')}
            options={KINDS.map((k) => ({ value: k, label: t(`templates.kind.${k}`) }))}
          />
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

/** A sign added by hand. */
export function AddSignModal(props: {
  message: MessageInstance;
  onClose(): void;
  onSaved(): Promise<void>;
}) {
  const { t } = useTranslation();
  const { run } = useSaveAction(props.message);
  const [form] = Form.useForm<{ signName: string; international: boolean }>();
  return (
    <Modal
      open
      title={t('templates.addSignTitle')}
      onCancel={props.onClose}
      onOk={async () => {
        const v = await form.validateFields();
        await run(async () => {
          await call('signs.add', { ...v, signName: cleanSignName(v.signName) });
          await props.onSaved();
        });
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
