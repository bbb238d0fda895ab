import { useState } from 'react';
import { Alert, Form, Input, Modal, Select, Switch, Typography } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { useTranslation } from 'react-i18next';
import type { Template } from '../../../../shared/api/templates';
import type { TemplateKind } from '../../../../shared/domain';
import { hasMarketingSuffix, parsePlaceholders } from '../../../../shared/template';
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
          });
          await props.onSaved();
        })
      }
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
  return (
    <Modal
      open
      title={t('templates.addTitle')}
      onCancel={props.onClose}
      okButtonProps={{ 'data-testid': 'template-add-ok' } as Record<string, string>}
      onOk={async () => {
        const v = await form.validateFields();
        await run(async () => {
          await call('templates.add', { ...v, name: v.name || undefined });
          await props.onSaved();
        });
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
          await call('signs.add', { ...v, signName: v.signName.replace(/[【】]/g, '') });
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
