import { Card, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  ImportDelimiter,
  ImportEncoding,
  ImportMapping,
  ImportPreview,
} from '../../../../../shared/api/imports';
import { delimiterKey } from './mapping';
import type { PreviewState } from './usePreview';

const ENCODINGS: ImportEncoding[] = ['utf8', 'gb18030', 'utf16le', 'utf16be'];
const DELIMITERS: ImportDelimiter[] = [',', '\t', ';', '|'];

/** The head of the file with the encoding, delimiter and header-row overrides next to it. */
export function PreviewCard({
  state,
  preview,
  mapping,
}: {
  state: PreviewState;
  preview: ImportPreview;
  mapping: ImportMapping | null;
}) {
  const { t } = useTranslation();
  const { encoding, delimiter, headerRow, sheet } = state.overrides;
  return (
    <Card
      title={t('batch.import.previewTitle')}
      style={{ marginBottom: 16 }}
      data-testid="batch-preview"
      // Tests wait for this instead of polling the text: no read is under way for what is shown.
      data-settled={String(!state.previewing)}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        {preview.kind === 'text' && (
          <>
            <span>{t('batch.import.encoding')}</span>
            <Select
              data-testid="batch-encoding"
              style={{ width: 200 }}
              value={encoding ?? 'auto'}
              onChange={(v: string) =>
                state.override({ encoding: v === 'auto' ? undefined : (v as ImportEncoding) })
              }
              options={[
                {
                  value: 'auto',
                  label: t('batch.import.auto', {
                    detected: preview.detectedEncoding
                      ? t(`batch.encoding.${preview.detectedEncoding}`)
                      : '?',
                  }),
                },
                ...ENCODINGS.map((e) => ({ value: e, label: t(`batch.encoding.${e}`) })),
              ]}
            />
            <span>{t('batch.import.delimiter')}</span>
            <Select
              data-testid="batch-delimiter"
              style={{ width: 160 }}
              value={delimiter ?? 'auto'}
              onChange={(v: string) =>
                state.override({ delimiter: v === 'auto' ? undefined : (v as ImportDelimiter) })
              }
              options={[
                {
                  value: 'auto',
                  label: t('batch.import.auto', {
                    detected: preview.detectedDelimiter
                      ? t(`batch.delimiter.${delimiterKey(preview.detectedDelimiter)}`)
                      : '?',
                  }),
                },
                ...DELIMITERS.map((d) => ({
                  value: d,
                  label: t(`batch.delimiter.${delimiterKey(d)}`),
                })),
              ]}
            />
          </>
        )}
        {preview.kind === 'xlsx' && preview.sheets.length > 0 && (
          <>
            <span>{t('batch.import.sheet')}</span>
            <Select
              data-testid="batch-sheet"
              style={{ width: 200 }}
              value={sheet ?? preview.sheet ?? undefined}
              onChange={(v: string) => state.override({ sheet: v })}
              options={preview.sheets.map((s) => ({ value: s, label: s }))}
            />
          </>
        )}
        <span>{t('batch.import.headerRow')}</span>
        <InputNumber
          data-testid="batch-header-row"
          min={0}
          max={1000}
          value={headerRow ?? preview.headerRow}
          onChange={(v) => state.override({ headerRow: typeof v === 'number' ? v : undefined })}
        />
        <Typography.Text type="secondary">
          {t('batch.import.headerRowHint')}
          {/* Only text files have an encoding to change; an .xlsx names its own. */}
          {preview.kind === 'text' && t('polish.import.encodingHint')}
        </Typography.Text>
      </Space>
      {!state.failed && (
        <Table
          size="small"
          pagination={false}
          scroll={{ x: true, y: 240 }}
          rowKey="rowNumber"
          dataSource={preview.rows}
          columns={[
            { title: t('batch.col.row'), dataIndex: 'rowNumber', width: 70, fixed: 'left' },
            ...preview.columns.map((c, i) => ({
              title: (
                <span>
                  {c} {mapping?.phone === i && <Tag color="blue">{t('batch.import.phone')}</Tag>}
                  {mapping?.params.map((p, n) =>
                    p === i ? <Tag key={n} color="purple">{`{${n + 1}}`}</Tag> : null,
                  )}
                </span>
              ),
              key: String(i),
              render: (_v: unknown, r: { cells: string[] }) => r.cells[i] ?? '',
            })),
          ]}
        />
      )}
    </Card>
  );
}
