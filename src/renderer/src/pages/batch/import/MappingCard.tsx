import { Alert, Card, Form, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportMapping, ImportPreview } from '../../../../../shared/api/imports';
import type { Template } from '../../../../../shared/api/templates';
import { columnOptions, withParamColumn, withPhoneColumn } from './mapping';

/** Which column holds the phone number and which holds each of the template's variables. */
export function MappingCard({
  preview,
  template,
  paramCount,
  chosen,
  mapping,
  onChange,
}: {
  preview: ImportPreview;
  template: Template | undefined;
  paramCount: number;
  /** The user's own mapping, if they changed the guessed one. */
  chosen: ImportMapping | undefined;
  /** The mapping in force. */
  mapping: ImportMapping | null;
  onChange(mapping: ImportMapping): void;
}) {
  const { t } = useTranslation();
  const options = columnOptions(preview.columns);
  return (
    <Card title={t('batch.import.mappingTitle')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">
        {t(`batch.import.mappingSource.${chosen ? 'given' : preview.mapping.source}`)}
      </Typography.Paragraph>
      {preview.mapping.phone === null && !chosen && (
        <Alert
          type="warning"
          showIcon
          title={t('batch.import.noPhoneColumn')}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form layout="horizontal" labelCol={{ span: 6 }} wrapperCol={{ span: 12 }}>
        <Form.Item label={t('batch.import.phone')} required>
          <Select
            data-testid="batch-map-phone"
            value={mapping?.phone}
            onChange={(v: number) => onChange(withPhoneColumn(mapping, paramCount, v))}
            options={options}
          />
        </Form.Item>
        {Array.from({ length: paramCount }, (_v, i) => (
          <Form.Item
            key={i}
            label={
              template?.variableNames[i]
                ? `{${i + 1}} ${template.variableNames[i]}`
                : t('batch.import.variable', { label: `{${i + 1}}` })
            }
            required
          >
            <Select
              data-testid={`batch-map-param-${i + 1}`}
              value={mapping?.params[i] ?? undefined}
              allowClear
              onChange={(v: number | undefined) =>
                onChange(withParamColumn(mapping, paramCount, i, v ?? null))
              }
              options={options}
              placeholder={t('batch.import.unmapped')}
            />
          </Form.Item>
        ))}
      </Form>
    </Card>
  );
}
