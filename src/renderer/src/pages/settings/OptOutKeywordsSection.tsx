import { useEffect, useState } from 'react';
import { Alert, Button, Card, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { OPTOUT_KEYWORD_MAX } from '../../../../shared/optout';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import { call } from '../../lib/sms';

/** 退订关键词: the reply texts that put a number on the do-not-send list. */
export function OptOutKeywordsSection() {
  const { t } = useTranslation();
  const loaded = useCall('optout.keywords', undefined);
  const [keywords, setKeywords] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const action = useAction({ exclusive: true });
  useEffect(() => {
    if (loaded.data) setKeywords(loaded.data.keywords);
  }, [loaded.data]);

  const save = (list: string[]) =>
    action.run(async () => {
      const r = await call('optout.setKeywords', { keywords: list });
      setKeywords(r.keywords);
      setSaved(true);
    });

  return (
    <Card title={t('optout.keywords.title')} data-testid="optout-keywords">
      <Typography.Paragraph type="secondary">{t('optout.keywords.help')}</Typography.Paragraph>
      {(action.error ?? loaded.error) && (
        <Alert
          type="error"
          showIcon
          title={action.error ?? loaded.error}
          style={{ marginBottom: 8 }}
        />
      )}
      {saved && (
        <Alert
          type="success"
          showIcon
          closable
          title={t('optout.keywords.saved')}
          onClose={() => setSaved(false)}
          style={{ marginBottom: 8 }}
        />
      )}
      <Select
        mode="tags"
        style={{ width: '100%' }}
        value={keywords}
        open={false}
        maxTagTextLength={OPTOUT_KEYWORD_MAX}
        placeholder={t('optout.keywords.placeholder')}
        onChange={(v: string[]) => {
          setSaved(false);
          setKeywords(v);
        }}
        data-testid="optout-keywords-input"
      />
      <Space style={{ marginTop: 8 }}>
        <Button
          type="primary"
          loading={action.busy !== null}
          onClick={() => void save(keywords)}
          data-testid="optout-keywords-save"
        >
          {t('optout.keywords.save')}
        </Button>
        <Button
          onClick={() => {
            if (loaded.data) void save(loaded.data.defaults);
          }}
        >
          {t('optout.keywords.reset')}
        </Button>
      </Space>
    </Card>
  );
}
