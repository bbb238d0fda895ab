import { Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AccountSection } from './settings/AccountSection';
import { TemplatesSection } from './settings/TemplatesSection';
import { UpdatesSection } from './settings/UpdatesSection';
import { DesktopSection } from './settings/DesktopSection';
import { OptOutKeywordsSection } from './settings/OptOutKeywordsSection';
import { PricesSection } from './settings/PricesSection';
import { useAccount } from '../hooks/useAccount';

export function SettingsPage() {
  const { t } = useTranslation();
  const { status, setStatus } = useAccount();
  return (
    <Space
      orientation="vertical"
      size="large"
      style={{ width: '100%' }}
      data-testid="page-settings"
      data-page="settings"
    >
      <div>
        <Typography.Title level={3}>{t('pages.settings.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('pages.settings.intro')}</Typography.Paragraph>
      </div>
      {status ? <AccountSection status={status} setStatus={setStatus} /> : <Spin />}
      {/* ---- Templates and signs: owned by the templates room (src/renderer/src/pages/settings/TemplatesSection.tsx) ---- */}
      <TemplatesSection />
      <PricesSection />
      <UpdatesSection />
      <DesktopSection />
      <OptOutKeywordsSection />
    </Space>
  );
}
