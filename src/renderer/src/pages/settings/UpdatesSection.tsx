import { App as AntApp, Card, Skeleton, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/sms';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';

/** 设置 → 自动更新: the one switch for checking, downloading and offering new versions. */
export function UpdatesSection() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const settings = useCall('updates.settings', undefined);
  const save = useAction({
    exclusive: true,
    onError: () => void message.error(t('updates.settings.failed')),
  });

  const change = async (enabled: boolean) => {
    const saved = await save.run(() => call('updates.setEnabled', { enabled }));
    if (!saved) return;
    settings.setData(saved);
    void message.success(t('updates.settings.saved'));
  };

  return (
    <Card title={t('updates.settings.title')} data-testid="updates-section">
      {settings.data ? (
        <Space orientation="vertical">
          <Space>
            <Switch
              checked={settings.data.enabled}
              loading={save.busy !== null}
              onChange={(v) => void change(v)}
              aria-label={t('updates.settings.switch')}
              data-testid="updates-switch"
            />
            <Typography.Text>{t('updates.settings.switch')}</Typography.Text>
          </Space>
          <Typography.Text type="secondary">{t('updates.settings.help')}</Typography.Text>
        </Space>
      ) : (
        <Skeleton active paragraph={{ rows: 1 }} />
      )}
    </Card>
  );
}
