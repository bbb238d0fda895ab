import { useState } from 'react';
import { Alert, Button, Input, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../hooks/useAction';

/** Search box, total and an export button, the same on the replies and do-not-send pages. */
export function ListTools({
  testId,
  placeholder,
  totalText,
  onSearch,
  exportLabel,
  onExport,
  extra,
}: {
  testId: string;
  placeholder: string;
  totalText: string;
  onSearch(text: string): void;
  exportLabel: string;
  /** Resolves to the "saved" notice, or null when the save dialog was cancelled. */
  onExport(language: 'zh-CN' | 'en-US'): Promise<string | null>;
  extra?: React.ReactNode;
}) {
  const { i18n } = useTranslation();
  const exporter = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <Input.Search
          allowClear
          placeholder={placeholder}
          style={{ width: 260 }}
          onSearch={(v) => onSearch(v)}
          data-testid={`${testId}-search`}
        />
        <Typography.Text data-testid={`${testId}-total`}>{totalText}</Typography.Text>
        <Button
          icon={<DownloadOutlined />}
          loading={exporter.busy !== null}
          onClick={() =>
            void exporter.run(async () =>
              setNotice(await onExport(i18n.language === 'en-US' ? 'en-US' : 'zh-CN')),
            )
          }
          data-testid={`${testId}-export`}
        >
          {exportLabel}
        </Button>
        {extra}
      </Space>
      {exporter.error && (
        <Alert type="error" showIcon title={exporter.error} style={{ marginBottom: 8 }} />
      )}
      {notice && (
        <Alert
          type="success"
          showIcon
          closable
          title={notice}
          onClose={() => setNotice(null)}
          style={{ marginBottom: 8 }}
        />
      )}
    </>
  );
}
