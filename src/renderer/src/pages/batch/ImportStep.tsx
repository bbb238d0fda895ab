import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Progress,
  Row,
  Select,
  Space,
  Typography,
  Upload,
} from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ImportProgress } from '../../../../shared/api/imports';
import type { Template } from '../../../../shared/api/templates';
import { parsePlaceholders } from '../../../../shared/template';
import { useAction } from '../../hooks/useAction';
import { useErrorText } from '../../hooks/useErrorText';
import { useEvent } from '../../hooks/useEvent';
import type { TemplatesState } from '../../hooks/useTemplates';
import { grantForFile } from '../../lib/files';
import { formatCount } from '../../lib/format';
import { signOptions } from '../../lib/sign-options';
import { call } from '../../lib/sms';
import { MappingCard } from './import/MappingCard';
import { PreviewCard } from './import/PreviewCard';
import { effectiveMapping, mappingComplete } from './import/mapping';
import { useDroppedFile } from './import/useDroppedFile';
import { usePreview } from './import/usePreview';

export interface ImportDone {
  importId: number;
  templateId: string;
  signName: string | undefined;
}

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
  const errorText = useErrorText();
  const usableTemplates = tpl.templates.filter((x) => x.usable);
  const usableSigns = tpl.signs.filter((x) => x.usable);
  const [templateId, setTemplateId] = useState<string | undefined>();
  const [signName, setSignName] = useState<string | undefined>();
  const [path, setPath] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string>('');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const pv = usePreview(path, templateId);
  const { preview, error } = pv;
  // A cancel the user asked for ends the import with a notice, not an error to fix.
  const [notice, setNotice] = useState<string | null>(null);
  const cancelAsked = useRef(false);
  const [cancelling, setCancelling] = useState(false);
  // Preview, file and import problems share one line: the latest one is what the user must fix.
  const importer = useAction({
    exclusive: true,
    onError: (text) => (cancelAsked.current ? setNotice(text) : pv.setError(text)),
  });
  const importing = importer.busy === 'import';

  const template: Template | undefined = usableTemplates.find((x) => x.templateId === templateId);
  const paramCount = template ? parsePlaceholders(template.content).count : 0;

  useEffect(() => {
    if (!templateId && usableTemplates[0]) setTemplateId(usableTemplates[0].templateId);
    if (!signName && usableSigns[0]) setSignName(usableSigns[0].signName);
  }, [usableTemplates, usableSigns, templateId, signName]);

  // The latest file chosen wins, even if an earlier one is still being handed over.
  const fileNo = useRef(0);
  const takeFile = async (file: File) => {
    const no = ++fileNo.current;
    // The old file's preview goes at once: nothing on screen can be changed for the wrong file.
    setPath(null);
    pv.setError(null);
    setFileName(file.name);
    try {
      const granted = await grantForFile(file);
      if (no === fileNo.current) setPath(granted);
    } catch (e) {
      if (no === fileNo.current) pv.setError(errorText(e));
    }
  };
  const dragOver = useDroppedFile((f) => void takeFile(f));

  useEvent(
    'import.progress',
    (p) => {
      if (p.grant === path) setProgress(p);
    },
    importing && path !== null,
  );

  const effective = effectiveMapping(pv.overrides.mapping, preview, paramCount);

  const doImport = async () => {
    if (!path || !templateId || !effective) return;
    setProgress(null);
    pv.setError(null);
    setNotice(null);
    cancelAsked.current = false;
    setCancelling(false);
    const res = await importer.run(
      () =>
        call('import.open', {
          grant: path,
          options: { ...pv.options, templateId, mapping: effective },
        }),
      'import',
    );
    if (res) onDone({ importId: res.importId, templateId, signName });
  };

  const cancelImport = async () => {
    if (!path) return;
    cancelAsked.current = true;
    setCancelling(true);
    try {
      await call('import.cancel', { grant: path });
    } catch {
      // Already over: its own answer (done or failed) is what the user sees.
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
                    pv.setMapping(undefined);
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
                  options={signOptions(tpl.signs, t)}
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

      {preview && <PreviewCard state={pv} preview={preview} mapping={effective} />}

      {preview && !pv.failed && (
        <MappingCard
          preview={preview}
          template={template}
          paramCount={paramCount}
          chosen={pv.overrides.mapping}
          mapping={effective}
          onChange={pv.setMapping}
        />
      )}

      {importing && (
        <Card style={{ marginBottom: 16 }}>
          <Typography.Text>
            {t(`batch.import.phase.${progress?.phase ?? 'reading'}`, {
              rows: formatCount(progress?.rowsDone ?? 0),
            })}
          </Typography.Text>
          <Progress percent={percent} status="active" data-testid="batch-import-progress" />
          <Button
            size="small"
            data-testid="batch-import-cancel"
            disabled={cancelling}
            onClick={() => void cancelImport()}
          >
            {t('batch.import.cancel')}
          </Button>
        </Card>
      )}

      {notice && !importing && (
        <Alert
          type="info"
          showIcon
          title={notice}
          style={{ marginBottom: 16 }}
          data-testid="batch-import-notice"
        />
      )}

      <Space>
        <Button onClick={onCancel} disabled={importing}>
          {t('batch.common.back')}
        </Button>
        <Button
          type="primary"
          data-testid="batch-import-go"
          loading={importing}
          disabled={
            !path ||
            pv.failed ||
            !templateId ||
            !signName ||
            !mappingComplete(effective, paramCount)
          }
          onClick={() => void doImport()}
        >
          {t('batch.import.go')}
        </Button>
      </Space>
    </div>
  );
}
