import { useEffect, useState, type ReactNode } from 'react';
import { Alert, ConfigProvider, Layout, Menu, Select, Space, Typography } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import {
  BarChartOutlined,
  HistoryOutlined,
  MessageOutlined,
  StopOutlined,
  FieldTimeOutlined,
  SendOutlined,
  SettingOutlined,
  TableOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { AccountBanner } from './components/AccountBanner';
import { useCall } from './hooks/useCall';
import { useEvent } from './hooks/useEvent';
import { languages, type Language } from '../../shared/locales';
import { chooseLanguage } from './lib/language';
import { SendPage } from './pages/SendPage';
import { BatchPage } from './pages/BatchPage';
import { CooldownPage } from './pages/CooldownPage';
import { HistoryPage } from './pages/HistoryPage';
import { SettingsPage } from './pages/SettingsPage';
import { MissedSchedules } from './components/schedule/MissedSchedules';
import { requestJobOpen } from './components/schedule/openJob';
import { useRememberedPrefs } from './hooks/useRememberedPrefs';
import { RepliesPage } from './pages/RepliesPage';
import { OptOutPage } from './pages/OptOutPage';

import { StatsPage } from './pages/StatsPage';

export type PageKey =
  'send' | 'batch' | 'cooldown' | 'history' | 'replies' | 'optout' | 'stats' | 'settings';

const pages: {
  key: PageKey;
  icon: ReactNode;
  render: (ctx: { practice: boolean }) => ReactNode;
}[] = [
  { key: 'send', icon: <SendOutlined />, render: () => <SendPage /> },
  { key: 'batch', icon: <TableOutlined />, render: () => <BatchPage /> },
  { key: 'cooldown', icon: <FieldTimeOutlined />, render: () => <CooldownPage /> },
  { key: 'history', icon: <HistoryOutlined />, render: () => <HistoryPage /> },
  { key: 'replies', icon: <MessageOutlined />, render: () => <RepliesPage /> },
  { key: 'optout', icon: <StopOutlined />, render: () => <OptOutPage /> },
  { key: 'stats', icon: <BarChartOutlined />, render: (c) => <StatsPage practice={c.practice} /> },
  { key: 'settings', icon: <SettingOutlined />, render: () => <SettingsPage /> },
];

export function App() {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState<PageKey>('send');
  const app = useCall('app.info', undefined);
  const info = app.data ?? null;
  const loadError = app.error;
  const lang = (i18n.language as Language) ?? 'zh-CN';
  useRememberedPrefs(page, setPage, (k): k is PageKey => pages.some((p) => p.key === k));
  // A notification or the tray asked for a job: the batch page opens it.
  useEvent('app.openJob', (p) => {
    if (page === 'batch') return;
    requestJobOpen(p.jobId);
    setPage('batch');
  });

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // The practice banner follows mode switches made in Settings.
  useEvent('app.modeChanged', (p) => app.setData((i) => (i ? { ...i, mode: p.mode } : i)));

  const current = pages.find((p) => p.key === page) ?? pages[0]!;
  return (
    // antd would put a space inside two-character Chinese buttons ("返 回"): not how they read.
    <ConfigProvider locale={lang === 'en-US' ? enUS : zhCN} button={{ autoInsertSpace: false }}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Sider theme="light" width={200} breakpoint="lg">
          <Typography.Title level={5} style={{ padding: '16px 16px 0', whiteSpace: 'nowrap' }}>
            {t('app.name')}
          </Typography.Title>
          <Menu
            mode="inline"
            selectedKeys={[page]}
            onClick={(e) => setPage(e.key as PageKey)}
            items={pages.map((p) => ({
              key: p.key,
              icon: p.icon,
              label: (
                <span data-testid={`nav-${p.key}`}>
                  {t(
                    p.key === 'replies' || p.key === 'optout'
                      ? `inbound.nav.${p.key}`
                      : `nav.${p.key}`,
                  )}
                </span>
              ),
            }))}
          />
        </Layout.Sider>
        <Layout>
          <Layout.Header
            style={{
              background: 'transparent',
              display: 'flex',
              justifyContent: 'flex-end',
              alignItems: 'center',
            }}
          >
            <Space>
              <span>{t('app.language')}</span>
              <Select
                data-testid="language"
                value={lang}
                style={{ width: 120 }}
                onChange={(v: Language) => void chooseLanguage(v)}
                options={languages.map((l) => ({
                  value: l,
                  label: l === 'zh-CN' ? '简体中文' : 'English',
                }))}
              />
            </Space>
          </Layout.Header>
          <Layout.Content style={{ padding: '0 24px 24px' }}>
            {info?.mode === 'practice' && (
              <Alert
                data-testid="practice-banner"
                type="info"
                showIcon
                title={t('app.practiceBanner')}
                style={{ marginBottom: 16 }}
              />
            )}
            {info?.endpointOverride && (
              // A development override sends API calls elsewhere: never silently.
              <Alert
                data-testid="override-banner"
                type="warning"
                showIcon
                title={t('app.overrideBanner', { endpoint: info.endpointOverride })}
                style={{ marginBottom: 16 }}
              />
            )}
            <AccountBanner platform={info?.platform} onGoToSettings={() => setPage('settings')} />
            {loadError && (
              <Alert type="error" showIcon title={loadError} style={{ marginBottom: 16 }} />
            )}
            <MissedSchedules />
            <div data-page={current.key}>
              {current.render({ practice: info?.mode === 'practice' })}
            </div>
          </Layout.Content>
        </Layout>
      </Layout>
    </ConfigProvider>
  );
}
