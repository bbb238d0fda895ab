import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type {
  ImportDelimiter,
  ImportEncoding,
  ImportMapping,
  ImportPreview,
  ImportProgress,
} from '../../../../shared/api/imports';
import type { Template } from '../../../../shared/api/templates';
import { parsePlaceholders } from '../../../../shared/template';
import { call, errorMessage, getApi } from '../../lib/sms';
import { pathForFile } from '../../lib/files';
import type { TemplatesState } from '../../lib/use-templates';

export interface ImportDone {
  importId: number;
  templateId: string;
  signName: string | undefined;
}

const ENCODINGS: ImportEncoding[] = ['utf8', 'gb18030', 'utf16le', 'utf16be'];
const DELIMITERS: ImportDelimiter[] = [',', '\t', ';', '|'];

/**
 * Step 1: choose a file, a template and a sign, check the preview (with encoding, delimiter and
 * header-row overrides applied at once), map the columns, then import with progress.
 */
export function ImportStep({
  tpl,
  onDone,
  onCancel,
}: {
  tpl: TemplatesState;
  onDone(done: ImportDone): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const usableTemplates = tpl.templates.filter((x) => x.usable);
  const usableSigns = tpl.signs.filter((x) => x.usable);
  const [templateId, setTemplateId] = useState<string | undefined>();
  const [signName, setSignName] = useState<string | undefined>();
  const [path, setPath] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string>('');
  const [encoding, setEncoding] = useState<ImportEncoding | undefined>();
  const [delimiter, setDelimiter] = useState<ImportDelimiter | undefined>();
  const [headerRow, setHeaderRow] = useState<number | undefined>();
  const [mapping, setMapping] = useState<ImportMapping | undefined>();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewFailed, setPreviewFailed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [importing, setImporting] = useState(false);
  const [dragOver, setDragOver] = useState(false);

  const template: Template | undefined = usableTemplates.find((x) => x.templateId === templateId);
  const paramCount = template ? parsePlaceholders(template.content).count : 0;

  useEffect(() => {
    if (!templateId && usableTemplates[0]) setTemplateId(usableTemplates[0].templateId);
    if (!signName && usableSigns[0]) setSignName(usableSigns[0].signName);
  }, [usableTemplates, usableSigns, templateId, signName]);

  const showError = (e: unknown) => {
    const m = errorMessage(e);
    setError(t(m.key, m.params));
  };

  const takeFile = async (file: File) => {
    setError(null);
    setPreview(null);
    setPreviewFailed(false);
    setEncoding(undefined);
    setDelimiter(undefined);
    setHeaderRow(undefined);
    setMapping(undefined);
    setFileName(file.name);
    try {
      setPath(await pathForFile(file));
    } catch (e) {
      showError(e);
    }
  };
  const takeFileRef = useRef(takeFile);
  takeFileRef.current = takeFile;

  // A file dropped anywhere on the window is taken, not opened by the browser.
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDragOver(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragOver(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      setDragOver(false);
      const f = e.dataTransfer?.files[0];
      if (f) void takeFileRef.current(f);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const options = useMemo(
    () => ({
      ...(encoding ? { encoding } : {}),
      ...(delimiter ? { delimiter } : {}),
      ...(headerRow !== undefined ? { headerRow } : {}),
      ...(templateId ? { templateId } : {}),
      ...(mapping ? { mapping } : {}),
    }),
    [encoding, delimiter, headerRow, templateId, mapping],
  );

  // Every override re-reads the head of the file at once, so the user sees what it changed.
  useEffect(() => {
    if (!path) return;
    let alive = true;
    setPreviewing(true);
    call('import.preview', { path, options, limit: 20 })
      .then((p) => {
        if (!alive) return;
        setPreview(p);
        setPreviewFailed(false);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!alive) return;
        // The overrides stay on screen (from the last good preview) so a wrong choice can be undone.
        setPreviewFailed(true);
        showError(e);
      })
      .finally(() => alive && setPreviewing(false));
    return () => {
      alive = false;
    };
    // showError only formats; it must not re-trigger the preview.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, options]);

  useEffect(() => {
    if (!importing || !path) return;
    return getApi().on('import.progress', (p) => {
      if (p.path === path) setProgress(p);
    });
  }, [importing, path]);

  const effective: ImportMapping | null = mapping
    ? mapping
    : preview && preview.mapping.phone !== null
      ? {
          phone: preview.mapping.phone,
          params: Array.from({ length: paramCount }, (_v, i) => preview.mapping.params[i] ?? null),
        }
      : null;
  const mappingComplete =
    effective !== null &&
    effective.params.length === paramCount &&
    effective.params.every((p) => p !== null);

  const columnOptions = (preview?.columns ?? []).map((c, i) => ({
    value: i,
    label: `${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''} · ${c}`,
  }));

  const setPhoneCol = (col: number) =>
    setMapping({
      phone: col,
      params: effective?.params ?? Array.from({ length: paramCount }, () => null),
    });
  const setParamCol = (i: number, col: number | null) => {
    const params = [...(effective?.params ?? Array.from({ length: paramCount }, () => null))];
    while (params.length < paramCount) params.push(null);
    params[i] = col;
    setMapping({ phone: effective?.phone ?? 0, params });
  };

  const doImport = async () => {
    if (!path || !templateId || !effective) return;
    setImporting(true);
    setProgress(null);
    setError(null);
    try {
      const res = await call('import.open', {
        path,
        options: {
          ...options,
          templateId,
          mapping: effective,
        },
      });
      onDone({ importId: res.importId, templateId, signName });
    } catch (e) {
      showError(e);
    } finally {
      setImporting(false);
    }
  };

  const percent =
    progress && progress.bytesTotal > 0
      ? Math.min(100, Math.floor((progress.bytesDone / progress.bytesTotal) * 100))
      : 0;

  return (
    <div data-testid="batch-import-step">
      {dragOver && (
        <div
          style={{
            position: 'fixed',
            inset: 0,
            background: 'rgba(22,119,255,0.08)',
            border: '3px dashed #1677ff',
            zIndex: 1000,
            pointerEvents: 'none',
          }}
        />
      )}
      <Card title={t('batch.import.title')} style={{ marginBottom: 16 }}>
        <Form layout="vertical">
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item label={t('batch.import.template')} required>
                <Select
                  data-testid="batch-template"
                  value={templateId}
                  onChange={(v: string) => {
                    setTemplateId(v);
                    setMapping(undefined);
                  }}
                  placeholder={t('batch.import.templatePlaceholder')}
                  options={usableTemplates.map((x) => ({
                    value: x.templateId,
                    label: `${x.name || x.templateId} — ${x.content}`,
                  }))}
                  notFoundContent={t('batch.import.noTemplates')}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label={t('batch.import.sign')} required>
                <Select
                  data-testid="batch-sign"
                  value={signName}
                  onChange={(v: string) => setSignName(v)}
                  options={usableSigns.map((x) => ({
                    value: x.signName,
                    label: `【${x.signName}】`,
                  }))}
                  notFoundContent={t('batch.import.noSigns')}
                />
              </Form.Item>
            </Col>
          </Row>
          {template && (
            <Typography.Paragraph type="secondary">
              {t('batch.import.templateText', { content: template.content })}
            </Typography.Paragraph>
          )}
          <Upload.Dragger
            accept=".csv,.tsv,.txt,.xlsx"
            multiple={false}
            showUploadList={false}
            beforeUpload={(file) => {
              void takeFile(file);
              return false;
            }}
            data-testid="batch-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">
              {fileName ? t('batch.import.chosen', { name: fileName }) : t('batch.import.pick')}
            </p>
            <p className="ant-upload-hint">{t('batch.import.pickHint')}</p>
          </Upload.Dragger>
        </Form>
      </Card>

      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="batch-import-error"
        />
      )}

      {preview && (
        <Card
          title={t('batch.import.previewTitle')}
          style={{ marginBottom: 16 }}
          loading={previewing && !preview}
          data-testid="batch-preview"
        >
          <Space wrap style={{ marginBottom: 12 }}>
            {preview.kind === 'text' && (
              <>
                <span>{t('batch.import.encoding')}</span>
                <Select
                  data-testid="batch-encoding"
                  style={{ width: 200 }}
                  value={encoding ?? 'auto'}
                  onChange={(v: string) => {
                    setEncoding(v === 'auto' ? undefined : (v as ImportEncoding));
                    setMapping(undefined);
                  }}
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
                  onChange={(v: string) => {
                    setDelimiter(v === 'auto' ? undefined : (v as ImportDelimiter));
                    setMapping(undefined);
                  }}
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
            <span>{t('batch.import.headerRow')}</span>
            <InputNumber
              data-testid="batch-header-row"
              min={0}
              max={1000}
              value={headerRow ?? preview.headerRow}
              onChange={(v) => {
                setHeaderRow(typeof v === 'number' ? v : undefined);
                setMapping(undefined);
              }}
            />
            <Typography.Text type="secondary">{t('batch.import.headerRowHint')}</Typography.Text>
          </Space>
          {!previewFailed && (
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
                      {c}{' '}
                      {effective?.phone === i && <Tag color="blue">{t('batch.import.phone')}</Tag>}
                      {effective?.params.map((p, n) =>
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
      )}

      {preview && !previewFailed && (
        <Card title={t('batch.import.mappingTitle')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">
            {t(`batch.import.mappingSource.${mapping ? 'given' : preview.mapping.source}`)}
          </Typography.Paragraph>
          {preview.mapping.phone === null && !mapping && (
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
                value={effective?.phone}
                onChange={(v: number) => setPhoneCol(v)}
                options={columnOptions}
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
                  value={effective?.params[i] ?? undefined}
                  allowClear
                  onChange={(v: number | undefined) => setParamCol(i, v ?? null)}
                  options={columnOptions}
                  placeholder={t('batch.import.unmapped')}
                />
              </Form.Item>
            ))}
          </Form>
        </Card>
      )}

      {importing && (
        <Card style={{ marginBottom: 16 }}>
          <Typography.Text>
            {t(`batch.import.phase.${progress?.phase ?? 'reading'}`, {
              rows: (progress?.rowsDone ?? 0).toLocaleString(),
            })}
          </Typography.Text>
          <Progress percent={percent} status="active" data-testid="batch-import-progress" />
        </Card>
      )}

      <Space>
        <Button onClick={onCancel} disabled={importing}>
          {t('batch.common.back')}
        </Button>
        <Button
          type="primary"
          data-testid="batch-import-go"
          loading={importing}
          disabled={!path || previewFailed || !templateId || !signName || !mappingComplete}
          onClick={() => void doImport()}
        >
          {t('batch.import.go')}
        </Button>
      </Space>
    </div>
  );
}

function delimiterKey(d: ImportDelimiter): string {
  return { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe' }[d];
}
