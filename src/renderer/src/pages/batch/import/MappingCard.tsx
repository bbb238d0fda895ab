import {
  Alert,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { variableLabel as labelOf } from '../../../lib/variable-label';
import type { ImportMapping, ImportPreview } from '../../../../../shared/api/imports';
import type { Template } from '../../../../../shared/api/templates';
import { emptyAllowedByKind } from '../../../../../shared/variables';
import {
  columnOptions,
  withAllowEmpty,
  withFixedValue,
  withParamColumn,
  withPhoneColumn,
} from './mapping';

/**
 * Which column holds the phone number and which holds (or which one value fills) each of the
 * template's variables, how each was found, the first rows rendered, and the content check's
 * warning when another mapping fits the file better.
 */
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
  const check = preview.mapping.check;
  const variableLabel = (i: number): string => {
    const v = template?.variables[i];
    const name = template && (v || template.variableNames[i]) ? labelOf(template, i, t) : '';
    const kind = v ? t(`templates.variableKind.${v.kind}`) : '';
    return name
      ? `{${i + 1}} ${name}${kind ? `（${kind}）` : ''}`
      : t('batch.import.variable', { label: `{${i + 1}}` });
  };
  return (
    <Card
      title={t('batch.import.mappingTitle')}
      style={{ marginBottom: 16 }}
      data-testid="batch-mapping"
    >
      <Typography.Paragraph type="secondary" data-testid="batch-mapping-source">
        {t(`batch.import.mappingSource.${chosen ? 'given' : preview.mapping.source}`)}
      </Typography.Paragraph>
      {check && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="batch-mapping-check"
          title={t(`batch.import.check.${check.reason}`)}
          description={
            <>
              <Table
                size="small"
                pagination={false}
                rowKey="rowNumber"
                dataSource={check.examples}
                columns={[
                  { title: t('batch.col.row'), dataIndex: 'rowNumber', width: 70 },
                  { title: t('batch.import.check.chosen'), dataIndex: 'chosen' },
                  { title: t(`batch.import.check.other.${check.otherSource}`), dataIndex: 'other' },
                ]}
              />
              <Button
                size="small"
                style={{ marginTop: 8 }}
                data-testid="batch-mapping-use-other"
                onClick={() => onChange(check.other)}
              >
                {t('batch.import.check.useOther')}
              </Button>
            </>
          }
        />
      )}
      <Form layout="horizontal" labelCol={{ span: 6 }} wrapperCol={{ span: 18 }}>
        <Form.Item label={t('batch.import.phone')} required>
          <Select
            data-testid="batch-map-phone"
            value={mapping?.phone}
            onChange={(v: number) => onChange(withPhoneColumn(mapping, paramCount, v))}
            options={options}
            style={{ maxWidth: 360 }}
          />
        </Form.Item>
        {Array.from({ length: paramCount }, (_v, i) => {
          const fixed = mapping?.fixed?.[i] ?? null;
          const kind = template?.variables[i]?.kind;
          const via = chosen ? null : preview.mapping.via[i];
          return (
            <Form.Item key={i} label={variableLabel(i)} required>
              <Space wrap>
                <Select
                  data-testid={`batch-map-param-${i + 1}`}
                  value={fixed === null ? (mapping?.params[i] ?? undefined) : undefined}
                  allowClear
                  disabled={fixed !== null}
                  onChange={(v: number | undefined) =>
                    onChange(withParamColumn(mapping, paramCount, i, v ?? null))
                  }
                  options={options}
                  placeholder={t('batch.import.unmapped')}
                  style={{ width: 240 }}
                />
                {via === 'position' && <Tag color="orange">{t('batch.import.via.position')}</Tag>}
                <Input
                  data-testid={`batch-fixed-${i + 1}`}
                  style={{ width: 260 }}
                  allowClear
                  value={fixed ?? ''}
                  placeholder={t('batch.import.fixed')}
                  onChange={(e) =>
                    onChange(withFixedValue(mapping, paramCount, i, e.target.value || null))
                  }
                />
                {kind && !emptyAllowedByKind(kind) && (
                  <Checkbox
                    data-testid={`batch-allow-empty-${i + 1}`}
                    checked={mapping?.allowEmpty?.[i] ?? false}
                    onChange={(e) =>
                      onChange(withAllowEmpty(mapping, paramCount, i, e.target.checked))
                    }
                  >
                    {t('batch.import.allowEmpty')}
                  </Checkbox>
                )}
              </Space>
            </Form.Item>
          );
        })}
      </Form>
      {preview.mapping.examples.length > 0 && (
        <div data-testid="batch-mapping-examples">
          <Typography.Text strong>{t('batch.import.examples')}</Typography.Text>
          {preview.mapping.examples.map((e) => (
            <Typography.Paragraph key={e.rowNumber} style={{ margin: '4px 0' }}>
              {t('batch.import.example', { row: e.rowNumber, text: e.text })}
            </Typography.Paragraph>
          ))}
        </div>
      )}
    </Card>
  );
}
